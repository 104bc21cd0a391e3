import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { demoAgentId, eventually } from '../run-engine/helpers.js';

describe('the OpenAI surface under limits, timeouts and dropped connections', () => {
  let server: TestServer;
  let admin: ApiClient;
  let client: OpenAI;
  let model: string;
  const longMessage = `Please repeat: ${'slow words for a long answer '.repeat(60)}`;

  beforeAll(async () => {
    server = await startTestServer({ env: { DEMO_TOKEN_DELAY_MS: '10', MAX_CONCURRENT_RUNS_PER_USER: '1', RUN_TIMEOUT_SECONDS: '2' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    model = `agent/${await demoAgentId(admin)}`;
    client = new OpenAI({ apiKey: server.adminToken, baseURL: `${server.baseUrl}/v1`, maxRetries: 0 });
  });
  afterAll(async () => server?.stop());

  const runningRunOn = (threadId: string) =>
    eventually(async () => {
      const threads = await admin.get(`/agents/${model.slice('agent/'.length)}/threads`);
      return (threads.body as Array<{ thread_id: string; running_run_id: string | null }>).find((t) => t.thread_id === threadId)?.running_run_id;
    });
  const settledRun = (runId: string) =>
    eventually(async () => {
      const run = await admin.get(`/runs/${runId}`);
      return run.body.status !== 'running' && run.body;
    });

  it('answers 429 with Retry-After in an OpenAI error body when the caller has too many runs', async () => {
    const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: longMessage }], stream: true }, { headers: { 'X-Thread-Id': 'limit-a' } });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const error = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'another thread' }] }, { headers: { 'X-Thread-Id': 'limit-b' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimited = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(rateLimited.code).toBe('rate_limit_exceeded');
    stream.controller.abort();
    await settledRun(await runningRunOn('limit-a'));
  });

  it('cancels the run when a non-streaming request is cut before the answer', async () => {
    const controller = new AbortController();
    const request = client.chat.completions.create({ model, messages: [{ role: 'user', content: longMessage }] }, { signal: controller.signal, headers: { 'X-Thread-Id': 'cut' } });
    const runId = await runningRunOn('cut');
    controller.abort();
    await expect(request).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    expect((await settledRun(runId)).status).toBe('cancelled');
    const stored = await admin.get(`/agents/${model.slice('agent/'.length)}/threads/cut/messages`);
    expect(stored.body.at(-1)).toMatchObject({ role: 'assistant', outcome: 'cancelled' });
  });

  it('answers a run that times out with 504 (not to be retried), and ends a timed-out stream with an in-stream error', async () => {
    const veryLong = `Please repeat: ${'words past the run time limit '.repeat(150)}`;
    const error = await client.chat.completions.create({ model, messages: [{ role: 'user', content: veryLong }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const timedOut = error as InstanceType<typeof OpenAI.APIError>;
    expect(timedOut.status).toBe(504);
    expect(timedOut.code).toBe('timeout');
    expect(timedOut.headers?.get('x-should-retry')).toBe('false');

    const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: veryLong }], stream: true });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(text.length).toBeGreaterThan(0);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ code: 'timeout', outcome: 'timed_out' });
  });
});
