import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody } from '../support/api.js';
import { readSse, tokensOf } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { demoAgentId, finalStatus } from './helpers.js';

describe('a run that writes more than the stream buffer bound before its watcher subscribes', () => {
  let server: TestServer;
  let agentId: string;

  beforeAll(async () => {
    // no delay: the demo model writes its whole answer before the request's handler subscribes
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '0', BODY_LIMIT_BYTES: String(4 * 1024 * 1024) } });
    agentId = await demoAgentId(apiClient(server.baseUrl, server.adminToken));
  });
  afterAll(async () => server?.stop());

  it('still answers: every event of a 95,000-word echo (> 4.2 MiB of frames) arrives, in order, then end', async () => {
    const words = Array.from({ length: 95_000 }, () => 'x'); // 190,000 characters: within the message limit
    const capture = await readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token: server.adminToken, body: invokeBody(words.join(' '), { threadId: 'huge' }) });
    expect(capture.status).toBe(200);
    expect(capture.raw.length).toBeGreaterThan(4.2 * 1024 * 1024);
    expect(capture.events.map((e) => e.id)).toEqual(capture.events.map((_, i) => String(i + 1)));
    expect(capture.events.at(-1)).toMatchObject({ event: 'end', data: { outcome: 'completed' } });
    expect(tokensOf(capture)).toBe(finalStatus(capture).final_answer);
    expect(capture.events.filter((e) => e.event === 'token').length).toBeGreaterThan(95_000);
  }, 60_000);
});
