import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { readSse, tokensOf } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { createUser, demoAgentId, eventually, expectConsecutiveIds, finalStatus } from '../run-engine/helpers.js';

const LONG_MESSAGE = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');

describe('background runs (POST …/invoke with "background": true)', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agentId: string;
  const background = (client: ApiClient, message: string, threadId: string) => client.post(`/agent-invoke/${agentId}/invoke`, { ...invokeBody(message, { threadId }), background: true });
  const ended = (client: ApiClient, runId: string) =>
    eventually(async () => {
      const run = await client.get(`/runs/${runId}`);
      return run.body.status !== 'running' ? run : undefined;
    });

  beforeAll(async () => {
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '5', MAX_CONCURRENT_RUNS_PER_USER: '2' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(admin);
  });
  afterAll(async () => server?.stop());

  it('answers 202 {run_id, thread_id} before the run ends, and the run finishes with nobody connected', async () => {
    const accepted = await background(admin, LONG_MESSAGE, 'bg-poll');
    expect(accepted.status).toBe(202);
    expect(Object.keys(accepted.body).sort()).toEqual(['run_id', 'thread_id']);
    expect(accepted.body.thread_id).toBe('bg-poll');
    const early = await admin.get(`/runs/${accepted.body.run_id}`);
    expect(early.body).toMatchObject({ status: 'running', final_answer: null });

    const run = await ended(admin, accepted.body.run_id);
    expect(run.body).toMatchObject({ status: 'completed', thread_id: 'bg-poll', agent_id: agentId });
    expect(run.body.final_answer).toContain('word199');
    expect(run.body.usage).toMatchObject({ output_tokens: expect.any(Number), total_tokens: expect.any(Number) });
  });

  it('is followed late from id 0 and from a middle id with the same events the run produced', async () => {
    const accepted = await background(admin, 'Follow me later please', 'bg-follow');
    const runId = accepted.body.run_id as string;
    await ended(admin, runId);

    const whole = await readSse(`${server.baseUrl}/runs/${runId}/stream?last_event_id=0`, { token: server.adminToken });
    expect(whole.status).toBe(200);
    expectConsecutiveIds(whole.events);
    expect(whole.events.at(-1)).toMatchObject({ event: 'end', data: { run_id: runId, outcome: 'completed' } });
    const answer = finalStatus(whole).final_answer;
    expect(tokensOf(whole)).toBe(answer);
    expect((await admin.get(`/runs/${runId}`)).body.final_answer).toBe(answer);

    const middle = 3;
    const rest = await readSse(`${server.baseUrl}/runs/${runId}/stream`, { token: server.adminToken, headers: { 'last-event-id': String(middle) } });
    expectConsecutiveIds(rest.events, middle + 1);
    expect(rest.events).toEqual(whole.events.slice(middle));
  });

  it('is joined live while it runs and cancelled as any run', async () => {
    const accepted = await background(admin, LONG_MESSAGE, 'bg-cancel');
    const runId = accepted.body.run_id as string;
    const live = readSse(`${server.baseUrl}/runs/${runId}/stream`, {
      token: server.adminToken,
      onEvent: (event) => {
        if (event.event === 'token') void admin.post(`/runs/${runId}/cancel`);
      },
    });
    const capture = await live;
    expect(capture.events.at(-1)).toMatchObject({ event: 'end', data: { outcome: 'cancelled' } });
    const run = await ended(admin, runId);
    expect(run.body.status).toBe('cancelled');
    // the partial answer is kept: begun, never finished
    expect(run.body.final_answer.length).toBeGreaterThan(0);
    expect(run.body.final_answer).not.toContain('word199');
  });

  it('obeys the per-user cap on concurrent runs (429 for the third)', async () => {
    const first = await background(admin, LONG_MESSAGE, 'bg-cap-1');
    const second = await background(admin, LONG_MESSAGE, 'bg-cap-2');
    const third = await background(admin, LONG_MESSAGE, 'bg-cap-3');
    expect([first.status, second.status, third.status]).toEqual([202, 202, 429]);
    await Promise.all([admin.post(`/runs/${first.body.run_id}/cancel`), admin.post(`/runs/${second.body.run_id}/cancel`)]);
    await Promise.all([ended(admin, first.body.run_id), ended(admin, second.body.run_id)]);
  });

  it('answers 409 naming the running run for a second message on its thread', async () => {
    const first = await background(admin, LONG_MESSAGE, 'bg-busy');
    const second = await background(admin, 'me too', 'bg-busy');
    expect(second.status).toBe(409);
    expect(JSON.stringify(second.body)).toContain(first.body.run_id);
    await admin.post(`/runs/${first.body.run_id}/cancel`);
    await ended(admin, first.body.run_id);
  });

  it("lists the caller's runs by status and agent, and hides them from other users", async () => {
    const accepted = await background(admin, 'list me', 'bg-list');
    await ended(admin, accepted.body.run_id);
    const listed = await admin.get(`/runs?status=completed&agent_id=${agentId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.runs.map((r: { run_id: string }) => r.run_id)).toContain(accepted.body.run_id);
    expect(listed.body.runs.every((r: { status: string }) => r.status === 'completed')).toBe(true);

    const other = apiClient(server.baseUrl, (await createUser(admin, 'bg-other@example.com')).token);
    expect((await other.get(`/runs/${accepted.body.run_id}`)).status).toBe(404);
    expect((await other.get(`/runs?agent_id=${agentId}`)).body.runs).toEqual([]);
  });

  it('refuses "background" on the streaming route with a clear 400', async () => {
    const refused = await admin.post(`/agent-invoke/${agentId}/invoke-stream`, { ...invokeBody('hi', { threadId: 'bg-stream' }), background: true });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('background');
  });
});
