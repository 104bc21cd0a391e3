import { DefaultChatTransport, readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { demoAgentId, eventually } from '../run-engine/helpers.js';

const userMessage = (text: string): UIMessage => ({ id: `u-${Math.random().toString(36).slice(2)}`, role: 'user', parts: [{ type: 'text', text }] });
const textOf = (message: UIMessage | undefined) => (message?.parts ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');

async function lastMessage(stream: ReadableStream<UIMessageChunk>): Promise<UIMessage | undefined> {
  let last: UIMessage | undefined;
  for await (const message of readUIMessageStream({ stream })) last = message;
  return last;
}

describe('the AI SDK UI message stream, driven by the ai package’s own DefaultChatTransport', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agentId: string;
  let transport: DefaultChatTransport<UIMessage>;
  const send = (chatId: string, text: string, abortSignal?: AbortSignal) =>
    transport.sendMessages({ chatId, messages: [userMessage(text)], trigger: 'submit-message', messageId: undefined, abortSignal });
  const runningRunOn = (chatId: string) =>
    eventually(async () => {
      const threads = await admin.get(`/agents/${agentId}/threads`);
      return (threads.body as Array<{ thread_id: string; running_run_id: string | null }>).find((t) => t.thread_id === chatId)?.running_run_id;
    });
  const longText = `Please repeat: ${'a long answer streamed slowly '.repeat(40)}`;

  beforeAll(async () => {
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '8' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(admin);
    transport = new DefaultChatTransport({ api: `${server.baseUrl}/agents/${agentId}/chat`, headers: { Authorization: `Bearer ${server.adminToken}` } });
  });
  afterAll(async () => server?.stop());

  it('streams a reply as a UI message: the run id as message id, status data parts, the text', async () => {
    const message = await lastMessage(await send('chat-plain', 'Hello from useChat'));
    expect(message!.role).toBe('assistant');
    expect(textOf(message)).toContain('Hello from useChat');
    const status = message!.parts.find((p) => p.type === 'data-status') as { data: { status: string } } | undefined;
    expect(status?.data.status).toBe('Agent Execution End');
    const run = await admin.get(`/runs/${message!.id}`);
    expect(run.body).toMatchObject({ status: 'completed', thread_id: 'chat-plain' });
  });

  it('keeps the chat id as the thread: the second turn remembers the first', async () => {
    await lastMessage(await send('chat-memory', 'Remember the word heron'));
    const second = await lastMessage(await send('chat-memory', 'Which word?'));
    expect(textOf(second)).toContain('heron');
  });

  it('shows a server-side tool call as a dynamic tool part with its output', async () => {
    const message = await lastMessage(await send('chat-tool', 'calculator expression="6*7"'));
    const tool = message!.parts.find((p) => p.type === 'dynamic-tool') as { toolName: string; state: string; input: unknown; output: unknown } | undefined;
    expect(tool).toMatchObject({ toolName: 'calculator', state: 'output-available', input: { expression: '6*7' } });
    expect(JSON.stringify(tool!.output)).toContain('42');
    expect(textOf(message)).toContain('42');
    expect(message!.parts.filter((p) => p.type === 'step-start').length).toBe(2);
  });

  it('goes on after a disconnect, and resume replays the reply from its start then follows it live', async () => {
    const controller = new AbortController();
    const stream = await send('chat-resume', longText, controller.signal);
    const reader = stream.getReader();
    let seen = 0;
    while (seen < 5) if (!(await reader.read()).done) seen++;
    controller.abort();
    const runId = await runningRunOn('chat-resume');

    const resumed = await transport.reconnectToStream({ chatId: 'chat-resume' });
    expect(resumed).not.toBeNull();
    const message = await lastMessage(resumed!);
    expect(message!.id).toBe(runId);
    const run = await admin.get(`/runs/${runId}`);
    expect(run.body.status).toBe('completed');
    const stored = await admin.get(`/agents/${agentId}/threads/chat-resume/messages`);
    expect(textOf(message)).toBe(stored.body.at(-1).content);

    expect(await transport.reconnectToStream({ chatId: 'chat-resume' })).toBeNull();
    expect(await transport.reconnectToStream({ chatId: 'never-used' })).toBeNull();
  });

  it('stops the reply with the stop endpoint: watchers get abort and the run is cancelled', async () => {
    const stream = await send('chat-stop', longText);
    const chunks: UIMessageChunk[] = [];
    const reading = (async () => {
      for await (const chunk of stream as unknown as AsyncIterable<UIMessageChunk>) chunks.push(chunk);
    })();
    const runId = await runningRunOn('chat-stop');
    const stopped = await admin.post(`/agents/${agentId}/chat/chat-stop/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toEqual({ run_id: runId, cancelled: true });
    await reading;
    expect(chunks.at(-1)).toEqual({ type: 'abort', reason: 'cancelled' });
    expect((await admin.get(`/runs/${runId}`)).body.status).toBe('cancelled');
    expect((await admin.post(`/agents/${agentId}/chat/chat-stop/stop`)).status).toBe(204);
  });

  it('refuses a request that is not a turn with 400, and a busy chat with 409', async () => {
    const bad = await admin.post(`/agents/${agentId}/chat`, { id: 'chat-bad', messages: [{ role: 'assistant', parts: [{ type: 'text', text: 'hi' }] }] });
    expect(bad.status).toBe(400);
    const stream = await send('chat-busy', longText);
    await runningRunOn('chat-busy');
    await expect(send('chat-busy', 'me too')).rejects.toThrow(/CONFLICT|in progress/);
    await lastMessage(stream);
  });
});
