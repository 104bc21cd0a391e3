import { Role, TaskState, type Message, type StreamResponse, type Task } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory, type Client } from '@a2a-js/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeWireServer } from '../fakes/fake-stream-server.js';
import { startOpenAiWireServer } from '../fakes/openai-wire-server.js';
import { createUser, demoAgentId } from '../run-engine/helpers.js';
import { apiClient, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';

const authedFetch = (token: string): typeof fetch => (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

function userMessage(text: string, contextId = ''): Message {
  return { messageId: `m-${Math.random().toString(36).slice(2)}`, contextId, taskId: '', role: Role.ROLE_USER, parts: [{ content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: '' }], metadata: undefined, extensions: [], referenceTaskIds: [] };
}
const send = (text: string, contextId = '') => ({ tenant: '', message: userMessage(text, contextId), configuration: undefined, metadata: undefined });
const artifactText = (task: Task) => task.artifacts.flatMap((a) => a.parts).map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
const asTask = (result: Message | Task) => result as Task;

/** Folds stream responses the way an A2A client shows them: the task, then status and appended artifact text. */
function foldStream(responses: StreamResponse[], from?: { text: string }) {
  const state = { taskId: '', contextId: '', text: from?.text ?? '', states: [] as TaskState[] };
  for (const { payload } of responses) {
    if (payload?.$case === 'task') Object.assign(state, { taskId: payload.value.id, contextId: payload.value.contextId, text: artifactText(payload.value) });
    if (payload?.$case === 'statusUpdate') state.states.push(payload.value.status!.state);
    if (payload?.$case === 'artifactUpdate') {
      const chunk = payload.value.artifact!.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
      state.text = payload.value.append ? state.text + chunk : chunk;
    }
  }
  return state;
}

describe('A2A 1.0 JSON-RPC at /a2a/agents/{id}, driven by @a2a-js/sdk’s client', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agentId: string;
  let provider: FakeWireServer;
  let client: Client;

  const clientFor = (id: string, token = server.adminToken) =>
    new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new JsonRpcTransportFactory({ fetchImpl: authedFetch(token) })],
        cardResolver: new DefaultAgentCardResolver({ fetchImpl: authedFetch(token) }),
      }),
    ).createFromUrl(`${server.baseUrl}/a2a/agents/${id}/`);
  const storedAnswer = async (threadId: string) =>
    ((await admin.get(`/agents/${agentId}/threads/${threadId}/messages`)).body as Array<{ role: string; content: string }>).filter((m) => m.role === 'assistant').at(-1)?.content;

  beforeAll(async () => {
    provider = await startOpenAiWireServer({ apiKey: 'test-key' });
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '4', OPENAI_BASE_URL: provider.url, OPENAI_API_KEY: 'test-key' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(admin);
    client = await clientFor(agentId);
  });
  afterAll(async () => {
    await server?.stop();
    await provider?.close();
  });

  it('serves an Agent Card per agent and a directory of the cards the caller may use', async () => {
    const card = await client.getAgentCard();
    expect(card).toMatchObject({ name: 'Demo agent', capabilities: { streaming: true } });
    expect(card.supportedInterfaces[0]).toMatchObject({ url: `${server.baseUrl}/a2a/agents/${agentId}`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' });
    const directory = await admin.get('/a2a/agents');
    expect((directory.body as Array<{ name: string }>).map((c) => c.name)).toContain('Demo agent');
  });

  it('SendMessage answers a completed task: task = run, context = thread, the answer as an artifact', async () => {
    const task = asTask(await client.sendMessage(send('Hello over A2A', 'a2a-plain')));
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(task.contextId).toBe('a2a-plain');
    expect(artifactText(task)).toContain('You said: Hello over A2A');
    expect((await admin.get(`/runs/${task.id}`)).body).toMatchObject({ status: 'completed', surface: 'a2a', thread_id: 'a2a-plain' });
    const again = await client.getTask({ tenant: '', id: task.id });
    expect(artifactText(again)).toBe(artifactText(task));
    const listed = await client.listTasks({ tenant: '', contextId: 'a2a-plain', status: TaskState.TASK_STATE_UNSPECIFIED, pageToken: '', statusTimestampAfter: undefined });
    expect(listed.tasks.map((t) => t.id)).toEqual([task.id]);
    const cancelledOnly = await client.listTasks({ tenant: '', contextId: 'a2a-plain', status: TaskState.TASK_STATE_CANCELED, pageToken: '', statusTimestampAfter: undefined });
    expect(cancelledOnly.tasks).toEqual([]);
  });

  it('runs the agent’s tools (calculator 2*21) and remembers the first turn on the second in the same context', async () => {
    const tool = asTask(await client.sendMessage(send('calculator expression=2*21')));
    expect(artifactText(tool)).toContain('42');
    await client.sendMessage(send('Remember the word heron', 'a2a-memory'));
    expect(artifactText(asTask(await client.sendMessage(send('Which word?', 'a2a-memory'))))).toContain('heron');
  });

  it('SendStreamingMessage streams the task, status updates and the answer appended chunk by chunk', async () => {
    const responses: StreamResponse[] = [];
    for await (const response of client.sendMessageStream(send('Stream this please', 'a2a-stream'))) responses.push(response);
    expect(responses[0]!.payload?.$case).toBe('task');
    expect(responses.filter((r) => r.payload?.$case === 'artifactUpdate').length).toBeGreaterThan(3);
    const folded = foldStream(responses);
    expect(folded.states.at(-1)).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(folded.text).toBe(await storedAnswer('a2a-stream'));
  });

  it('CancelTask cancels the run and the stream ends canceled', async () => {
    const responses: StreamResponse[] = [];
    for await (const response of client.sendMessageStream(send(`Please repeat: ${'a slow answer '.repeat(200)}`, 'a2a-cancel'))) {
      responses.push(response);
      if (responses.length === 4) {
        const task = await client.cancelTask({ tenant: '', id: foldStream(responses).taskId, metadata: undefined });
        expect(task.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
      }
    }
    expect(foldStream(responses).states.at(-1)).toBe(TaskState.TASK_STATE_CANCELED);
    await expect(client.cancelTask({ tenant: '', id: foldStream(responses).taskId, metadata: undefined })).rejects.toThrow(/ended|cancel/i);
  });

  it('answers a second message on a context with a run in flight with the 409 as a JSON-RPC server error', async () => {
    const stream = client.sendMessageStream(send(`Please repeat: ${'busy '.repeat(200)}`, 'a2a-busy'));
    const first = await stream.next();
    const taskId = (first.value as StreamResponse).payload?.$case === 'task' ? ((first.value as StreamResponse).payload!.value as Task).id : '';
    await expect(client.sendMessage(send('me too', 'a2a-busy'))).rejects.toMatchObject({ envelopeCode: -32000, message: expect.stringMatching(/already/i) });
    await client.cancelTask({ tenant: '', id: taskId, metadata: undefined });
    await stream.return(undefined);
  });

  it('SubscribeToTask rejoins a running task after a cut: the task so far, then the rest, nothing lost or doubled', async () => {
    const abort = new AbortController();
    const first: StreamResponse[] = [];
    try {
      for await (const response of client.sendMessageStream(send(`Please repeat: ${'every chunk arrives once '.repeat(60)}`, 'a2a-cut'), { signal: abort.signal })) {
        first.push(response);
        if (first.length === 8) abort.abort();
      }
    } catch {
      // the cut
    }
    const { taskId } = foldStream(first);
    const rejoined: StreamResponse[] = [];
    for await (const response of client.resubscribeTask({ tenant: '', id: taskId })) rejoined.push(response);
    expect(rejoined[0]!.payload?.$case).toBe('task');
    const folded = foldStream(rejoined);
    expect(folded.states.at(-1)).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(folded.text).toBe(await storedAnswer('a2a-cut'));
    expect(foldStream(first).text.length).toBeLessThan(folded.text.length);
  });

  it('refuses a bad token (401) and hides agents and tasks the caller may not use (404, TaskNotFound)', async () => {
    await expect(clientFor(agentId, 'sb_wrong')).rejects.toThrow(/401/);
    const stranger = await createUser(admin, 'a2a-stranger@example.com');
    await expect(clientFor(agentId, stranger.token)).rejects.toThrow(/404/);
    const task = asTask(await client.sendMessage(send('mine')));
    const strangerRpc = await fetch(`${server.baseUrl}/a2a/agents/${agentId}`, { method: 'POST', headers: { authorization: `Bearer ${stranger.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: task.id } }) });
    expect(strangerRpc.status).toBe(404);
    await expect(client.getTask({ tenant: '', id: '00000000-0000-7000-8000-000000000000' })).rejects.toThrow(/not found/i);
    const rpc = (payload: unknown) =>
      fetch(`${server.baseUrl}/a2a/agents/${agentId}`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    for (const bad of [{ jsonrpc: '2.0', id: 2, method: 'SendMessage', params: {} }, { jsonrpc: '2.0', id: 3, method: 'NoSuchMethod', params: {} }]) {
      const answer = await rpc(bad);
      expect(answer.status).toBeLessThan(500);
      expect(((await answer.json()) as { error?: { code: number } }).error?.code).toBeLessThan(0);
    }
  });

  it('answers through an OpenAI-wire model', async () => {
    const created = await admin.post('/agents', { agent_name: 'A2A OpenAI', description: '', agent_style: '', on_status: true, model_name: 'openai/gpt-4o-mini', tools: [] });
    provider.enqueue({ tokens: ['Hello', ' from', ' the', ' fake'] });
    const other = await clientFor(created.body.agent_id);
    expect(artifactText(asTask(await other.sendMessage(send('hi'))))).toBe('Hello from the fake');
  });
});
