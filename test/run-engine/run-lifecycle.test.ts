import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiWireServer } from '../fakes/openai-wire-server.js';
import type { FakeWireServer } from '../fakes/fake-stream-server.js';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { readSse, tokensOf, type SseEvent } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { createUser, demoAgentId, eventually, expectConsecutiveIds, finalStatus, runIdOf, sleep } from './helpers.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i} `);

describe('run lifecycle: resume, watchers, locks, cancel (OpenAI wire provider and demo model)', () => {
  let server: TestServer;
  let provider: FakeWireServer;
  let admin: ApiClient;
  let demoId: string;
  let openaiAgentId: string;

  beforeAll(async () => {
    provider = await startOpenAiWireServer({ apiKey: 'test-key' });
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '4', OPENAI_BASE_URL: provider.url, OPENAI_API_KEY: 'test-key' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    demoId = await demoAgentId(admin);
    const created = await admin.post('/agents', { agent_name: 'OpenAI agent', description: '', agent_style: 'be brief', on_status: true, model_name: 'openai/gpt-4o-mini', tools: [] });
    expect(created.status).toBe(201);
    openaiAgentId = created.body.agent_id;
  });
  afterAll(async () => {
    await server?.stop();
    await provider?.close();
  });

  const invokeUrl = (agentId: string) => `${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`;

  it('streams an OpenAI-wire reply with the same events as the demo model', async () => {
    provider.enqueue({ tokens: ['Hello', ' from', ' the', ' fake'], usage: { inputTokens: 12, outputTokens: 4 } });
    const capture = await readSse(invokeUrl(openaiAgentId), { token: server.adminToken, body: invokeBody('hi', { threadId: 'oa-plain' }) });
    expectConsecutiveIds(capture.events);
    expect(tokensOf(capture)).toBe('Hello from the fake');
    expect(finalStatus(capture)).toMatchObject({ final_answer: 'Hello from the fake', usage: { input_tokens: 12, output_tokens: 4, total_tokens: 16 } });
    const sent = provider.requests.at(-1)!;
    expect(sent.body.model).toBe('gpt-4o-mini');
    expect(sent.body.messages[0]).toMatchObject({ role: 'system' });
    expect(sent.body.messages[0].content).toContain('be brief');
    expect(sent.body.messages.at(-1)).toEqual({ role: 'user', content: 'hi' });
  });

  it('runs an OpenAI-wire tool call through the builtin calculator and sends the result back to the model', async () => {
    const demo = (await admin.get(`/agents/${demoId}`)).body as { tools: string[]; company_id: string };
    const agent = await admin.post('/agents', { agent_name: 'OpenAI tools', description: '', agent_style: '', on_status: true, model_name: 'openai/gpt-4o-mini', tools: demo.tools, company_id: demo.company_id });
    expect(agent.status).toBe(201);
    provider.enqueue(
      { toolCalls: [{ id: 'call_1', name: 'calculator', arguments: { expression: '2*21' }, argumentChunks: 5 }] },
      { tokens: ['The', ' answer', ' is', ' 42'] },
    );
    const capture = await readSse(invokeUrl(agent.body.agent_id), { token: server.adminToken, body: invokeBody('compute', { threadId: 'oa-tool' }) });
    const toolEvents = capture.events.filter((e) => e.event === 'tool_status').map((e) => e.data);
    expect(toolEvents).toEqual([
      expect.objectContaining({ tool_name: 'calculator', call_id: 'call_1', is_start: true, input: { expression: '2*21' } }),
      expect.objectContaining({ tool_name: 'calculator', call_id: 'call_1', is_start: false, ok: true }),
    ]);
    expect(tokensOf(capture)).toBe('The answer is 42');
    const second = provider.requests.at(-1)!;
    expect(second.body.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
    expect(second.body.messages.at(-1).content).toContain('42');
  });

  it('streams an OpenAI-wire reply with a block split across deltas verbatim', async () => {
    const block = '!#block#!{"type":"markdown","content":"# Title\\n\\n- one"}!#/block#!';
    const pieces = ['Here: ', ...block.match(/.{1,7}/g)!, ' done'];
    provider.enqueue({ tokens: pieces });
    const capture = await readSse(invokeUrl(openaiAgentId), { token: server.adminToken, body: invokeBody('a block', { threadId: 'oa-block' }) });
    expect(capture.events.filter((e) => e.event === 'token').map((e) => (e.data as { token: string }).token)).toEqual(pieces);
    expect(finalStatus(capture).final_answer).toBe(`Here: ${block} done`);
  });

  it('resumes after a cut at many points: nothing missing, nothing doubled, tokens equal final_answer', async () => {
    for (const cutAfter of [1, 2, 3, 5, 8, 13, 21, 30]) {
      const threadId = `resume-${cutAfter}`;
      const first = await readSse(invokeUrl(demoId), { token: server.adminToken, body: invokeBody('please restate this fairly long sentence with many words in it', { threadId }), stopAfterEvents: cutAfter });
      const runId = runIdOf(first);
      const lastId = first.events.at(-1)!.id!;
      const useQuery = cutAfter % 2 === 0;
      const rest = await readSse(`${server.baseUrl}/runs/${runId}/stream${useQuery ? `?last_event_id=${lastId}` : ''}`, {
        token: server.adminToken,
        headers: useQuery ? {} : { 'last-event-id': lastId },
      });
      const all: SseEvent[] = [...first.events, ...rest.events];
      expectConsecutiveIds(all);
      expect(all.at(-1)!.event).toBe('end');
      expect(tokensOf({ events: all })).toBe(finalStatus({ events: all }).final_answer);
    }
  });

  it('replays a finished run from any id', async () => {
    const whole = await readSse(invokeUrl(demoId), { token: server.adminToken, body: invokeBody('replay me', { threadId: 'replay' }) });
    const runId = runIdOf(whole);
    const replay = await readSse(`${server.baseUrl}/runs/${runId}/stream`, { token: server.adminToken, headers: { 'last-event-id': '2' } });
    expect(replay.events).toEqual(whole.events.slice(2));
  });

  it('gives two watchers of one run identical sequences', async () => {
    provider.enqueue({ tokens: words(30), tokenDelayMs: 10 });
    let runId = '';
    const firstPromise = readSse(invokeUrl(openaiAgentId), {
      token: server.adminToken,
      body: invokeBody('two tabs', { threadId: 'watchers' }),
      onEvent: (event) => {
        if (!runId) runId = (event.data as { run_id: string }).run_id;
      },
    });
    await eventually(async () => runId);
    const second = await readSse(`${server.baseUrl}/runs/${runId}/stream`, { token: server.adminToken });
    const first = await firstPromise;
    expect(second.events).toEqual(first.events);
    expect(first.events.at(-1)!.event).toBe('end');
  });

  it('answers 409 with the run_id for a second invoke on a running thread; other threads and users run at once', async () => {
    provider.enqueue({ tokens: words(30), tokenDelayMs: 15 });
    let runId = '';
    const running = readSse(invokeUrl(openaiAgentId), { token: server.adminToken, body: invokeBody('long one', { threadId: 'busy' }), onEvent: (e) => (runId ||= (e.data as { run_id: string }).run_id) });
    await eventually(async () => runId);
    const clash = await admin.post(`/agent-invoke/${openaiAgentId}/invoke-stream`, invokeBody('again', { threadId: 'busy' }));
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'CONFLICT', run_id: runId });
    const threads = await admin.get(`/agents/${openaiAgentId}/threads`);
    expect(threads.body.find((t: { thread_id: string }) => t.thread_id === 'busy')).toMatchObject({ running_run_id: runId });

    const otherThread = await readSse(invokeUrl(demoId), { token: server.adminToken, body: invokeBody('meanwhile', { threadId: 'busy-other' }) });
    expect(otherThread.events.at(-1)!.data).toMatchObject({ outcome: 'completed' });
    const carol = await createUser(admin, 'carol-lock@example.com');
    await admin.patch(`/agents/${openaiAgentId}`, { share_visitor_with: ['carol-lock@example.com'] });
    provider.enqueue({ tokens: ['carol', ' too'] });
    const otherUser = await readSse(invokeUrl(openaiAgentId), { token: carol.token, body: invokeBody('same thread id', { threadId: 'busy' }) });
    expect(otherUser.events.at(-1)!.data).toMatchObject({ outcome: 'completed' });
    const done = await running;
    expect(done.events.at(-1)!.data).toMatchObject({ outcome: 'completed' });
  });

  it('cancels mid-reply: the provider connection closes, every watcher gets error cancelled then end, partial text is stored', async () => {
    provider.enqueue({ tokens: words(400), tokenDelayMs: 10 });
    let runId = '';
    let tokensSeen = 0;
    const firstPromise = readSse(invokeUrl(openaiAgentId), {
      token: server.adminToken,
      body: invokeBody('a very long answer please', { threadId: 'cancel' }),
      onEvent: (e) => {
        runId ||= (e.data as { run_id: string }).run_id;
        if (e.event === 'token') tokensSeen++;
      },
    });
    await eventually(async () => tokensSeen >= 5);
    const watcherPromise = readSse(`${server.baseUrl}/runs/${runId}/stream`, { token: server.adminToken });
    await sleep(30);
    const cancelled = await admin.post(`/runs/${runId}/cancel`);
    expect(cancelled.status).toBe(202);
    const [first, watcher] = await Promise.all([firstPromise, watcherPromise]);
    for (const capture of [first, watcher]) {
      expect(capture.events.slice(-2).map((e) => e.event)).toEqual(['error', 'end']);
      expect(capture.events.at(-2)!.data).toMatchObject({ code: 'cancelled' });
      expect(capture.events.at(-1)!.data).toEqual({ run_id: runId, outcome: 'cancelled' });
    }
    const upstream = provider.requests.at(-1)!;
    await upstream.settled;
    expect(upstream.clientClosedEarly).toBe(true);
    expect(upstream.tokensWritten).toBeLessThan(400);
    const partial = tokensOf(first);
    expect(partial.length).toBeGreaterThan(0);
    const messages = await admin.get(`/agents/${openaiAgentId}/threads/cancel/messages`);
    expect(messages.body.at(-1)).toMatchObject({ role: 'assistant', content: partial, outcome: 'cancelled' });
    expect((await admin.get(`/runs/${runId}`)).body.status).toBe('cancelled');
  });

  it('cancels the run when the client disconnects with on_disconnect "cancel"', async () => {
    provider.enqueue({ tokens: words(400), tokenDelayMs: 10 });
    const cut = await readSse(invokeUrl(openaiAgentId), { token: server.adminToken, body: invokeBody('bye', { threadId: 'disc', onDisconnect: 'cancel' }), stopAfterEvents: 6 });
    const runId = runIdOf(cut);
    const run = await eventually(async () => {
      const r = await admin.get(`/runs/${runId}`);
      return r.body.status !== 'running' ? r.body : null;
    });
    expect(run.status).toBe('cancelled');
  });
});

describe('run timeout and heartbeat with slow tools', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agentId: string;
  let toolServer: http.Server;
  const hangClosed: boolean[] = [];

  beforeAll(async () => {
    toolServer = http.createServer((req, res) => {
      if (req.url?.startsWith('/slow')) {
        setTimeout(() => res.end(JSON.stringify({ done: true })), 2500);
        return;
      }
      req.on('close', () => hangClosed.push(true)); // /hang never answers
    });
    await new Promise<void>((resolve) => toolServer.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(toolServer.address() as AddressInfo).port}`;
    server = await startTestServer({ env: { RUN_TIMEOUT_SECONDS: '4', HEARTBEAT_SECONDS: '1', TOOL_TIMEOUT_MS: '600000' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    const schema = { type: 'object', properties: {} };
    const hang = await admin.post('/tools', { name: 'hang', description: 'never answers', kind: 'http', config: { url: `${base}/hang`, method: 'GET', input_schema: schema, timeout_ms: 120000 } });
    const slow = await admin.post('/tools', { name: 'slow', description: 'answers after 2.5 s', kind: 'http', config: { url: `${base}/slow`, method: 'GET', input_schema: schema, timeout_ms: 120000 } });
    expect([hang.status, slow.status]).toEqual([201, 201]);
    const agent = await admin.post('/agents', { agent_name: 'Slow tools', description: '', agent_style: '', on_status: true, model_name: 'local/demo', tools: [hang.body.tool_id, slow.body.tool_id] });
    agentId = agent.body.agent_id;
  });
  afterAll(async () => {
    await server?.stop();
    toolServer?.close();
  });

  it('writes heartbeat comments while a slow tool runs', async () => {
    const capture = await readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token: server.adminToken, body: invokeBody('slow please', { threadId: 'hb' }) });
    expect(capture.events.at(-1)!.data).toMatchObject({ outcome: 'completed' });
    expect(capture.comments.map((c) => c.trim())).toContain('ping');
  });

  it('times out a run whose tool never returns: the tool is aborted and the outcome is timed_out', async () => {
    const capture = await readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token: server.adminToken, body: invokeBody('hang please', { threadId: 'to' }) });
    expect(capture.events.slice(-2).map((e) => e.event)).toEqual(['error', 'end']);
    expect(capture.events.at(-2)!.data).toMatchObject({ code: 'timeout' });
    expect(capture.events.at(-1)!.data).toMatchObject({ outcome: 'timed_out' });
    await eventually(async () => hangClosed.length > 0);
    const runId = runIdOf(capture);
    expect((await admin.get(`/runs/${runId}`)).body).toMatchObject({ status: 'timed_out', error_code: 'timeout' });
    const messages = await admin.get(`/agents/${agentId}/threads/to/messages`);
    expect(messages.body.at(-1)).toMatchObject({ role: 'assistant', outcome: 'timed_out' });
  });
});
