import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { demoAgentId, eventNames, initialize, openStream, responseOf, streamTurn, threadMessages } from './helpers.js';

/** The demo model answers one word per 200 ms here, so a turn of a dozen words takes over two seconds. */
describe('one turn per user, timeouts that cancel (real socket, slow demo model)', () => {
  let server: TestServer;
  let api: ApiClient;
  let agentId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '200' } });
    api = apiClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(api);
  });
  afterAll(async () => server?.stop());

  it('refuses a concurrent turn at once with the seed busy detail, on the stream and as JSON 409', async () => {
    await initialize(api, { user_id: 'busy', agent_id: agentId });
    // the stream's headers go out once the turn holds the user's lock
    const first = await openStream(server.baseUrl, server.adminToken, { user_id: 'busy', user_query: 'a slow first turn with several words' });
    const startedAt = Date.now();
    const second = await streamTurn(server.baseUrl, server.adminToken, { user_id: 'busy', user_query: 'second' });
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(second.status).toBe(200);
    expect(second.events).toEqual([{ id: undefined, event: 'error', data: { detail: 'A turn is already in progress for user: busy' } }]);
    const json = await api.post('/invoke_agent', { user_id: 'busy', user_query: 'third' });
    expect([json.status, json.body]).toEqual([409, { detail: 'A turn is already in progress for user: busy' }]);

    const firstEvents = await first.events();
    expect(eventNames({ events: firstEvents })).toEqual(['command_output']);
    expect(responseOf({ events: firstEvents })).toMatch(/^You said: a slow first turn/);
  });

  it('ends a turn that exceeds timeout_seconds with the seed detail, and the next turn gets only its own output', async () => {
    await initialize(api, { user_id: 'late', agent_id: agentId });
    const startedAt = Date.now();
    const timedOut = await streamTurn(server.baseUrl, server.adminToken, {
      user_id: 'late',
      user_query: 'first turn that is far too slow to finish within one second',
      timeout_seconds: 1,
    });
    expect(Date.now() - startedAt).toBeLessThan(3000);
    expect(timedOut.status).toBe(200);
    expect(timedOut.events.map((e) => [e.event, e.data])).toEqual([['error', { detail: 'Command execution timed out after 1 seconds' }]]);

    // the timed-out run was cancelled, not left running: its partial answer is stored as timed_out at once
    const afterTimeout = await threadMessages(api, agentId, 'fw-late-1');
    expect(afterTimeout.filter((m) => m.role === 'assistant').map((m) => m.outcome)).toEqual(['timed_out']);
    const partial = afterTimeout.find((m) => m.role === 'assistant')!.content;

    const next = await streamTurn(server.baseUrl, server.adminToken, { user_id: 'late', user_query: 'second' });
    expect(eventNames(next)).toEqual(['command_output']);
    const answer = responseOf(next);
    expect(answer).toMatch(/^You said: second\b/);
    expect(answer).not.toContain('You said: first');

    // long after the first turn would have finished, its text has not grown and nothing else was added
    const stored = await threadMessages(api, agentId, 'fw-late-1');
    expect(stored.map((m) => [m.role, m.outcome])).toEqual([
      ['user', null],
      ['assistant', 'timed_out'],
      ['user', null],
      ['assistant', 'completed'],
    ]);
    expect(stored[1]!.content).toBe(partial);
  });

  it('answers a timeout on POST /invoke_agent with 504 {"detail"}', async () => {
    await initialize(api, { user_id: 'late-json', agent_id: agentId });
    const response = await api.post('/invoke_agent', { user_id: 'late-json', user_query: 'a turn far too slow for one second of time', timeout_seconds: 1 });
    expect([response.status, response.body]).toEqual([504, { detail: 'Command execution timed out after 1 seconds' }]);
  });

  it('cancels the turn when the stream client goes away, so the user is free again at once', async () => {
    await initialize(api, { user_id: 'gone', agent_id: agentId });
    const controller = new AbortController();
    const abandoned = await openStream(server.baseUrl, server.adminToken, { user_id: 'gone', user_query: 'a long turn nobody will wait for at all' }, controller.signal);
    expect(abandoned.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    const startedAt = Date.now();
    let probe = await api.post('/new_conversation', { user_id: 'gone' });
    while (probe.status === 409 && Date.now() - startedAt < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      probe = await api.post('/new_conversation', { user_id: 'gone' });
    }
    expect(probe.status).toBe(200);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    const stored = await threadMessages(api, agentId, 'fw-gone-1');
    expect(stored.find((m) => m.role === 'assistant')?.outcome).toBe('cancelled');
  });
});
