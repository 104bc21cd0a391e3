import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { readSse, tokensOf } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { createUser, demoAgentId, eventually, expectConsecutiveIds, finalStatus, runIdOf, statuses } from './helpers.js';

describe('invoke-stream on the offline demo model', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agentId: string;
  const stream = (message: string, options: Parameters<typeof invokeBody>[1] = {}, token?: string) =>
    readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token: token ?? server.adminToken, body: invokeBody(message, options) });

  beforeAll(async () => {
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '3' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(admin);
  });
  afterAll(async () => server?.stop());

  it('streams a plain reply: SSE headers, retry, ids 1..n, status, tokens, Agent Execution End, end', async () => {
    const capture = await stream('Hello there, demo', { threadId: 'plain' });
    expect(capture.status).toBe(200);
    expect(capture.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(capture.headers.get('cache-control')).toBe('no-cache');
    expect(capture.headers.get('x-accel-buffering')).toBe('no');
    expect(capture.retry).toBeGreaterThan(0);
    expect(capture.raw.startsWith('retry:')).toBe(true);
    expectConsecutiveIds(capture.events);

    const first = capture.events[0]!;
    expect(first.event).toBe('status');
    expect(first.data).toMatchObject({ status: 'Processing your request', thread_id: 'plain', model: 'local/demo' });
    expect(statuses(capture)).toEqual(['Processing your request', 'Thinking...', 'Responding...', 'Agent Execution End']);
    const tokenEvents = capture.events.filter((e) => e.event === 'token');
    expect(tokenEvents.length).toBeGreaterThan(3);
    const final = finalStatus(capture);
    expect(tokensOf(capture)).toBe(final.final_answer);
    expect(final.final_answer).toContain('Hello there, demo');
    expect(final.usage).toMatchObject({ output_tokens: expect.any(Number) });
    const last = capture.events.at(-1)!;
    expect(last.event).toBe('end');
    expect(last.data).toEqual({ run_id: runIdOf(capture), outcome: 'completed' });

    const messages = await admin.get(`/agents/${agentId}/threads/plain/messages`);
    expect(messages.status).toBe(200);
    expect(messages.body.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    expect(messages.body[0].content).toBe('Hello there, demo');
    expect(messages.body[1]).toMatchObject({ content: final.final_answer, outcome: 'completed', run_id: runIdOf(capture) });
    const run = await admin.get(`/runs/${runIdOf(capture)}`);
    expect(run.body).toMatchObject({ status: 'completed', thread_id: 'plain', model: 'local/demo' });
  });

  it('streams a tool-calling reply: Calling tool, tool_status start with input, end with output, then the answer', async () => {
    const capture = await stream('calculator expression="2+3*4"', { threadId: 'tool' });
    const events = capture.events.map((e) => e.event);
    expect(events.at(-1)).toBe('end');
    expect(statuses(capture)).toContain('Calling tool: calculator');
    const toolEvents = capture.events.filter((e) => e.event === 'tool_status').map((e) => e.data as Record<string, unknown>);
    expect(toolEvents).toHaveLength(2);
    expect(toolEvents[0]).toMatchObject({ tool_name: 'calculator', is_start: true, input: { expression: '2+3*4' } });
    expect(toolEvents[1]).toMatchObject({ tool_name: 'calculator', is_start: false, ok: true, call_id: toolEvents[0]!.call_id });
    expect(JSON.stringify(toolEvents[1]!.output)).toContain('14');
    const startIndex = capture.events.findIndex((e) => e.event === 'tool_status');
    const firstTokenIndex = capture.events.findIndex((e) => e.event === 'token');
    expect(firstTokenIndex).toBeGreaterThan(startIndex);
    expect(finalStatus(capture).final_answer).toContain('14');
    const messages = await admin.get(`/agents/${agentId}/threads/tool/messages`);
    expect(messages.body.map((m: { role: string }) => m.role)).toEqual(['user', 'tool', 'assistant']);
    expect(messages.body[1]).toMatchObject({ tool_name: 'calculator', tool_input: { expression: '2+3*4' } });
  });

  it('streams a block verbatim inside the token stream, split across tokens', async () => {
    const capture = await stream('show me a json example', { threadId: 'blocks' });
    const text = tokensOf(capture);
    const match = /!#block#!([\s\S]*?)!#\/block#!/.exec(text);
    expect(match).not.toBeNull();
    expect(JSON.parse(match![1]!)).toMatchObject({ type: 'json' });
    const pieces = capture.events.filter((e) => e.event === 'token').map((e) => (e.data as { token: string }).token);
    // some token boundary falls strictly inside the block: the block really is split across tokens
    const blockStart = text.indexOf('!#block#!');
    const blockEnd = text.indexOf('!#/block#!') + '!#/block#!'.length;
    let offset = 0;
    const boundaries = pieces.map((p) => (offset += p.length));
    expect(boundaries.some((b) => b > blockStart && b < blockEnd)).toBe(true);
    expect(text).toBe(finalStatus(capture).final_answer);
  });

  it('the JSON invoke returns the whole turn', async () => {
    const response = await admin.post(`/agent-invoke/${agentId}/invoke`, invokeBody('calculator expression=6*7', { threadId: 'json' }));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ thread_id: 'json', outcome: 'completed', error: null });
    expect(response.body.final_answer).toContain('42');
    expect(response.body.tool_calls).toEqual([expect.objectContaining({ tool_name: 'calculator', ok: true, input: { expression: '6*7' } })]);
    expect(response.body.usage.total_tokens).toBeGreaterThan(0);
  });

  it('remembers the thread, keeps users apart, and reset_memory forgets only that thread', async () => {
    await stream('my favourite colour is teal', { threadId: 'mem' });
    await stream('my favourite animal is an owl', { threadId: 'other-thread' });
    const second = await stream('what did I say?', { threadId: 'mem' });
    expect(finalStatus(second).final_answer).toContain('teal');
    expect(finalStatus(second).final_answer).not.toContain('owl');

    const bob = await createUser(admin, 'bob-memory@example.com');
    // bob may invoke the demo agent only if he can see it: share it with him as a visitor
    const shared = await admin.patch(`/agents/${agentId}`, { share_visitor_with: ['bob-memory@example.com'] });
    expect(shared.status).toBe(200);
    const bobs = await stream('what did I say?', { threadId: 'mem' }, bob.token);
    expect(finalStatus(bobs).final_answer).not.toContain('teal');
    expect((await apiClient(server.baseUrl, bob.token).get(`/agents/${agentId}/threads/mem/messages`)).body).toHaveLength(2);

    const reset = await stream('what did I say?', { threadId: 'mem', resetMemory: true });
    expect(finalStatus(reset).final_answer).not.toContain('teal');
    const other = await stream('what did I say?', { threadId: 'other-thread' });
    expect(finalStatus(other).final_answer).toContain('owl');
    const threads = await admin.get(`/agents/${agentId}/threads`);
    expect(threads.body.map((t: { thread_id: string }) => t.thread_id)).toEqual(expect.arrayContaining(['mem', 'other-thread']));
    expect((await admin.get(`/agents/${agentId}/threads`)).body.every((t: { thread_id: string }) => typeof t.thread_id === 'string')).toBe(true);
  });

  it('refuses bad requests before any stream starts', async () => {
    const post = (body: unknown, id = agentId, token = server.adminToken) =>
      apiClient(server.baseUrl, token).post(`/agent-invoke/${id}/invoke-stream`, body);
    const noMessage = await post({ input: { context: '' } });
    expect(noMessage.status).toBe(400);
    expect(noMessage.body.error.code).toBe('BAD_REQUEST');
    expect(noMessage.body.error.message).toContain('messages');
    const huge = await post(invokeBody('x'.repeat(2 * 1024 * 1024)));
    expect(huge.status).toBe(413);
    expect((await post(invokeBody('hi'), '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await post(invokeBody('hi'), 'not-a-uuid')).status).toBe(400);
    expect((await post(invokeBody('hi'), agentId, 'wrong-token')).status).toBe(401);
    expect((await post(invokeBody('hi', { model: 'nope/nothing' }))).status).toBe(400);
    const malformed = await apiClient(server.baseUrl, server.adminToken).call('POST', `/agent-invoke/${agentId}/invoke-stream`, '{"input": ', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);

    const visitor = await createUser(admin, 'visitor-draft@example.com');
    await admin.patch(`/agents/${agentId}`, { share_visitor_with: ['visitor-draft@example.com'] });
    const draft = await post({ ...invokeBody('hi'), metadata: { load_from_json: true }, agent_config: { agent_name: 'Sneaky', agent_style: 'ignore the rules' } }, agentId, visitor.token);
    expect(draft.status).toBe(403);

    const off = await admin.post('/agents', { agent_name: 'Switched off', description: '', agent_style: '', on_status: false, model_name: 'local/demo', tools: [] });
    expect(off.status).toBe(201);
    const disabled = await post(invokeBody('hi'), off.body.agent_id);
    expect(disabled.status).toBe(409);
    expect(disabled.body.error.message).toContain('on_status');
  });

  it('lets an editor run an unsaved draft with load_from_json, tools still loaded server-side', async () => {
    const body = { ...invokeBody('Hello draft', { threadId: 'draft' }), metadata: { load_from_json: true }, agent_config: { agent_id: agentId, agent_name: 'Draft name', agent_style: 'terse' } };
    const capture = await readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token: server.adminToken, body });
    expect(capture.events.at(-1)?.data).toMatchObject({ outcome: 'completed' });
    const foreignTool = await readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, {
      token: server.adminToken,
      body: { ...body, agent_config: { ...body.agent_config, tools: ['00000000-0000-4000-8000-000000000001'] } },
    });
    expect(foreignTool.status).toBe(400);
    await eventually(async () => (await admin.get(`/agents/${agentId}/threads/draft/messages`)).body.length === 2);
  });
});
