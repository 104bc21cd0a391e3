import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody } from '../support/api.js';
import { readSse } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { demoAgentId, runIdOf } from './helpers.js';

describe('a resume whose Last-Event-ID lies past the end of the run', () => {
  let server: TestServer;
  let agentId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '20', HEARTBEAT_SECONDS: '1' } });
    agentId = await demoAgentId(apiClient(server.baseUrl, server.adminToken));
  });
  afterAll(async () => server?.stop());

  const start = (threadId: string) =>
    readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, {
      token: server.adminToken,
      body: invokeBody(Array.from({ length: 60 }, (_, i) => `w${i}`).join(' '), { threadId }),
      stopAfterEvents: 3,
    });

  it('of a still running run: ends with the run (its end event), instead of pinging for ever', async () => {
    const runId = runIdOf(await start('past-running'));
    const resumed = await readSse(`${server.baseUrl}/runs/${runId}/stream`, { token: server.adminToken, headers: { 'last-event-id': '100000' }, signal: AbortSignal.timeout(15_000) });
    expect(resumed.status).toBe(200);
    expect(resumed.events).toEqual([{ id: expect.any(String), event: 'end', data: { run_id: runId, outcome: 'completed' } }]);
  });

  it('of a finished run: gets its end again; at exactly its end: nothing, and the stream closes', async () => {
    const runId = runIdOf(await start('past-finished'));
    const full = await readSse(`${server.baseUrl}/runs/${runId}/stream`, { token: server.adminToken, signal: AbortSignal.timeout(15_000) });
    const endId = full.events.at(-1)!.id!;
    const past = await readSse(`${server.baseUrl}/runs/${runId}/stream?last_event_id=${Number(endId) + 5}`, { token: server.adminToken, signal: AbortSignal.timeout(5_000) });
    expect(past.events).toEqual([{ id: endId, event: 'end', data: { run_id: runId, outcome: 'completed' } }]);
    const atEnd = await readSse(`${server.baseUrl}/runs/${runId}/stream`, { token: server.adminToken, headers: { 'last-event-id': endId }, signal: AbortSignal.timeout(5_000) });
    expect(atEnd.events).toEqual([]);
  });
});
