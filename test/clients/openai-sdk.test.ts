import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { createUser, demoAgentId, eventually } from '../run-engine/helpers.js';

describe('the OpenAI Chat Completions surface, driven by the official openai SDK', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agentId: string;
  let client: OpenAI;
  const model = () => `agent/${agentId}`;
  const sdk = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${server.baseUrl}/v1`, maxRetries: 0 });

  beforeAll(async () => {
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '5' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(admin);
    client = sdk(server.adminToken);
  });
  afterAll(async () => server?.stop());

  it('lists the agents the caller may invoke as models named agent/<agent_id>', async () => {
    const models = [];
    for await (const m of client.models.list()) models.push(m);
    expect(models).toContainEqual(expect.objectContaining({ id: model(), object: 'model', name: 'Demo agent' }));
    const one = await client.models.retrieve(model());
    expect(one.id).toBe(model());
  });

  it('answers a non-streaming completion with one chat.completion and usage', async () => {
    const completion = await client.chat.completions.create({ model: model(), messages: [{ role: 'user', content: 'Hello from the openai SDK' }] });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.choices[0]!.message.content).toContain('Hello from the openai SDK');
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
    expect(completion.id).toMatch(/^chatcmpl-/);
  });

  it('streams chat.completion.chunk deltas, then the usage chunk when include_usage is set', async () => {
    const stream = await client.chat.completions.create({
      model: model(),
      messages: [{ role: 'user', content: 'Stream this sentence back to me please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.object).toBe('chat.completion.chunk');
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toContain('Stream this sentence back to me please');
    expect(finish).toBe('stop');
    expect(usage!.total_tokens).toBeGreaterThan(0);
  });

  it('is stateless by default: the messages are the history and no thread of the caller is touched', async () => {
    const completion = await client.chat.completions.create({
      model: model(),
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'My favourite colour is teal' },
        { role: 'assistant', content: 'Noted.' },
        { role: 'user', content: 'What did I say?' },
      ],
    });
    const answer = completion.choices[0]!.message.content!;
    expect(answer).toContain('What did I say?');
    const threadId = (completion as unknown as { switchboard: { thread_id: string } }).switchboard.thread_id;
    expect(threadId).toMatch(/^openai-/);
    // a later stateless request shares nothing with it
    const later = await client.chat.completions.create({ model: model(), messages: [{ role: 'user', content: 'What did I say?' }] });
    expect(later.choices[0]!.message.content).not.toContain('teal');
    expect((later as unknown as { switchboard: { thread_id: string } }).switchboard.thread_id).not.toBe(threadId);
  });

  it('remembers the first turn in the second when a thread is named with X-Thread-Id', async () => {
    const headers = { 'X-Thread-Id': 'openai-memory' };
    await client.chat.completions.create({ model: model(), messages: [{ role: 'user', content: 'Remember the word pelican' }] }, { headers });
    const second = await client.chat.completions.create({ model: model(), messages: [{ role: 'user', content: 'What word?' }] }, { headers });
    expect(second.choices[0]!.message.content).toContain('pelican');
    // metadata.thread_id names the same thread
    const third = await client.chat.completions.create({ model: model(), messages: [{ role: 'user', content: 'And now?' }], metadata: { thread_id: 'openai-memory' } });
    expect(third.choices[0]!.message.content).toContain('pelican');
    const stored = await admin.get(`/agents/${agentId}/threads/openai-memory/messages`);
    expect(stored.body.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
  });

  it('runs a server-side tool on local/demo and reports it in the extension field, not as a client tool call', async () => {
    const completion = await client.chat.completions.create({ model: model(), messages: [{ role: 'user', content: 'calculator expression="6*7"' }] });
    const message = completion.choices[0]!.message;
    expect(message.tool_calls ?? []).toEqual([]);
    expect(message.content).toContain('42');
    const extension = (completion as unknown as { switchboard: { tool_calls: Array<{ tool_name: string; ok: boolean }> } }).switchboard;
    expect(extension.tool_calls).toEqual([expect.objectContaining({ tool_name: 'calculator', ok: true })]);

    const stream = await client.chat.completions.create({ model: model(), messages: [{ role: 'user', content: 'calculator expression="2+2"' }], stream: true });
    const toolEvents: unknown[] = [];
    for await (const chunk of stream) {
      const extra = (chunk as unknown as { switchboard?: { tool_status?: unknown } }).switchboard;
      if (extra?.tool_status) toolEvents.push(extra.tool_status);
    }
    expect(toolEvents).toEqual([expect.objectContaining({ tool_name: 'calculator', is_start: true }), expect.objectContaining({ tool_name: 'calculator', is_start: false, ok: true })]);
  });

  it('cancels the run when the client aborts mid-stream', async () => {
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: model(), messages: [{ role: 'user', content: `Please repeat: ${'many words to stream slowly '.repeat(40)}` }], stream: true },
      { signal: controller.signal, headers: { 'X-Thread-Id': 'openai-abort' } },
    );
    let runId: string | undefined;
    // the SDK ends the iteration quietly when its signal aborts
    for await (const chunk of stream) {
      runId ??= (chunk as unknown as { switchboard?: { run_id?: string } }).switchboard?.run_id;
      if (chunk.choices[0]?.delta.content) controller.abort();
    }
    expect(runId).toBeDefined();
    const run = await eventually(async () => {
      const r = await admin.get(`/runs/${runId}`);
      return r.body.status !== 'running' && r.body;
    });
    expect(run.status).toBe('cancelled');
  });

  it('answers 409 with the running run id when the thread is busy', async () => {
    const headers = { 'X-Thread-Id': 'openai-busy' };
    const first = await client.chat.completions.create({ model: model(), messages: [{ role: 'user', content: `Long: ${'word '.repeat(300)}` }], stream: true }, { headers });
    const iterator = first[Symbol.asyncIterator]();
    await iterator.next();
    const error = await client.chat.completions.create({ model: model(), messages: [{ role: 'user', content: 'me too' }] }, { headers }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.ConflictError);
    const body = (error as InstanceType<typeof OpenAI.ConflictError>).error as { code: string; run_id: string };
    expect(body.code).toBe('thread_busy');
    expect(body.run_id).toMatch(/-/);
    for (;;) if ((await iterator.next()).done) break;
  });

  it('answers 401 for a bad key and 404 for an unknown model, in OpenAI error bodies', async () => {
    const unauthorized = await sdk('sb_wrong_token_0000000000').models.list().catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((unauthorized as InstanceType<typeof OpenAI.APIError>).type).toBe('invalid_request_error');

    const unknown = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as InstanceType<typeof OpenAI.APIError>).code).toBe('model_not_found');

    const stranger = await createUser(admin, 'openai-stranger@example.com');
    const hidden = await sdk(stranger.token).chat.completions.create({ model: model(), messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(OpenAI.NotFoundError);
    const models = [];
    for await (const m of sdk(stranger.token).models.list()) models.push(m.id);
    expect(models).not.toContain(model());
  });

  it('answers 400 in an OpenAI error body for a request that cannot be a turn', async () => {
    const noUser = await client.chat.completions.create({ model: model(), messages: [{ role: 'assistant', content: 'hi' }] }).catch((e: unknown) => e);
    expect(noUser).toBeInstanceOf(OpenAI.BadRequestError);
    const empty = await client.chat.completions.create({ model: model(), messages: [] }).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
    const raw = await admin.post('/v1/chat/completions', { model: model() });
    expect(raw.status).toBe(400);
    expect(raw.body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('messages') });
  });
});
