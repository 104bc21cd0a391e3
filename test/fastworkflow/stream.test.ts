import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { docsExample } from './docs-examples.js';
import { OUTPUT_KEYS, TRACE_KEYS, demoAgentId, eventNames, initialize, responseOf, streamTurn, threadMessages } from './helpers.js';

describe('POST /invoke_agent_stream over a real socket', () => {
  let server: TestServer;
  let api: ApiClient;
  let agentId: string;

  beforeAll(async () => {
    server = await startTestServer();
    api = apiClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(api);
  });
  afterAll(async () => server?.stop());

  it('answers an unknown session with HTTP 200 and a single error event with the seed detail', async () => {
    const capture = await streamTurn(server.baseUrl, server.adminToken, { user_id: 'ghost', user_query: 'hi' });
    expect(capture.status).toBe(200);
    expect(capture.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(capture.headers.get('cache-control')).toBe('no-cache');
    expect(capture.headers.get('x-accel-buffering')).toBe('no');
    expect(capture.events).toEqual([{ id: undefined, event: 'error', data: { detail: 'User session not found: ghost' } }]);
  });

  it('streams the trace pair of a tool call with exactly the seven fields, then command_output with the final answer', async () => {
    await initialize(api, { user_id: 'tools', agent_id: agentId });
    const capture = await streamTurn(server.baseUrl, server.adminToken, { user_id: 'tools', user_query: 'calculator expression=2+3' });
    expect(capture.status).toBe(200);
    expect(capture.retry).toBeGreaterThan(0);
    expect(eventNames(capture)).toEqual(['trace', 'trace', 'command_output']);
    const [call, result, output] = capture.events.map((e) => e.data as Record<string, unknown>);
    expect(Object.keys(call!)).toEqual(TRACE_KEYS);
    expect(Object.keys(result!)).toEqual(TRACE_KEYS);
    expect(call).toMatchObject({ direction: 'agent_to_workflow', raw_command: 'calculator <expression>2+3</expression>', command_name: null, parameters: null, response_text: null, success: null });
    expect(result).toMatchObject({ direction: 'workflow_to_agent', raw_command: null, command_name: 'calculator', parameters: { expression: '2+3' }, success: true });
    expect(result!.response_text).toContain('5');
    expect(typeof call!.timestamp_ms).toBe('number');
    expect(Math.abs((call!.timestamp_ms as number) - Date.now())).toBeLessThan(60_000);

    expect(Object.keys(output!)).toEqual(OUTPUT_KEYS);
    expect(output).toMatchObject({ workflow_name: 'Demo agent', context: '', command_name: '', command_parameters: '' });
    const stored = await threadMessages(api, agentId, 'fw-tools-1');
    const finalAnswer = stored.findLast((m) => m.role === 'assistant')!.content;
    expect(finalAnswer).toContain('5');
    expect(output!.command_responses).toEqual([{ response: finalAnswer, success: true, artifacts: {}, next_actions: [], recommendations: [] }]);
    // ids are the run's sequence numbers: increasing, not 1, 2, 3 (tokens and statuses are not shown)
    const ids = capture.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[2]).toBeGreaterThan(3);
  });

  it('shows no trace when the session was initialized with show_agent_traces false', async () => {
    await initialize(api, { user_id: 'quiet', agent_id: agentId, show_agent_traces: false });
    const capture = await streamTurn(server.baseUrl, server.adminToken, { user_id: 'quiet', user_query: 'calculator expression=2+3' });
    expect(eventNames(capture)).toEqual(['command_output']);
    expect(responseOf(capture)).toContain('5');
  });

  it('strips every leading slash: "//hello" reaches the agent as "hello"', async () => {
    await initialize(api, { user_id: 'slashes', agent_id: agentId });
    const capture = await streamTurn(server.baseUrl, server.adminToken, { user_id: 'slashes', user_query: '//hello' });
    expect(responseOf(capture)).toMatch(/^You said: hello\b/);
    const stored = await threadMessages(api, agentId, 'fw-slashes-1');
    expect(stored.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['hello']);
  });

  it('passes the session context to the agent and keeps memory across turns of one conversation', async () => {
    await initialize(api, { user_id: 'memory', agent_id: agentId, context: { team: 'blue' } });
    await streamTurn(server.baseUrl, server.adminToken, { user_id: 'memory', user_query: 'first words' });
    const second = await streamTurn(server.baseUrl, server.adminToken, { user_id: 'memory', user_query: 'second words' });
    expect(responseOf(second)).toContain('"first words"');
  });

  it("rejects an invalid body before streaming, with FastAPI's 422 list", async () => {
    const response = await api.post('/invoke_agent_stream', { user_id: 'x' });
    expect([response.status, response.body]).toEqual([422, { detail: [{ type: 'missing', loc: ['body', 'user_query'], msg: 'Field required' }] }]);
  });

  it('answers a request without a token with 401 {"detail"} before any stream', async () => {
    const response = await apiClient(server.baseUrl).post('/invoke_agent_stream', { user_id: 'x', user_query: 'hi' });
    expect(response.status).toBe(401);
    expect(typeof response.body.detail).toBe('string');
  });

  describe('POST /invoke_agent', () => {
    it('returns command_output plus traces as JSON', async () => {
      await initialize(api, { user_id: 'json', agent_id: agentId });
      const response = await api.post('/invoke_agent', { user_id: 'json', user_query: 'calculator expression=6*7' });
      expect(response.status).toBe(200);
      expect(Object.keys(response.body).sort()).toEqual([...OUTPUT_KEYS, 'traces'].sort());
      expect(response.body.traces.map((t: { direction: string }) => t.direction)).toEqual(['agent_to_workflow', 'workflow_to_agent']);
      expect(response.body.command_responses[0].response).toContain('42');
    });

    it('leaves traces out when the session hides them', async () => {
      await initialize(api, { user_id: 'json-quiet', agent_id: agentId, show_agent_traces: false });
      const response = await api.post('/invoke_agent', { user_id: 'json-quiet', user_query: 'hello' });
      expect(Object.keys(response.body).sort()).toEqual([...OUTPUT_KEYS].sort());
    });

    it('answers an unknown session with 404 {"detail"}', async () => {
      const response = await api.post('/invoke_agent', { user_id: 'ghost', user_query: 'hi' });
      expect([response.status, response.body]).toEqual([404, { detail: 'User session not found: ghost' }]);
    });
  });

  describe.each(['browser', 'node'] as const)('the %s client example of docs/fastworkflow.md', (name) => {
    it('returns the output and reports each trace', async () => {
      await initialize(api, { user_id: `docs-${name}`, agent_id: agentId });
      const traces: unknown[] = [];
      const output = await docsExample(name)({ baseUrl: server.baseUrl, token: server.adminToken, userId: `docs-${name}`, query: 'calculator expression=2+3', onTrace: (t: unknown) => traces.push(t) });
      expect(output.command_responses[0].response).toContain('5');
      expect(traces).toHaveLength(2);
    });

    it('throws the detail of an error event', async () => {
      await expect(docsExample(name)({ baseUrl: server.baseUrl, token: server.adminToken, userId: 'ghost', query: 'hi' })).rejects.toThrow('User session not found: ghost');
    });
  });
});
