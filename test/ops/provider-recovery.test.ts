import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeWireServer } from '../fakes/fake-stream-server.js';
import { startOpenAiWireServer } from '../fakes/openai-wire-server.js';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { readSse, tokensOf, type SseCapture } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/start-server.js';

const KEY = 'sk-ops-provider-key-0123456789abcdef';

/** Issue 21, items 4 and 5, through the real server: retries, idle timeout, error codes, run ids on log lines, metrics. */
describe('operating a provider that fails, through the server', () => {
  let server: TestServer;
  let provider: FakeWireServer;
  let admin: ApiClient;
  let agentId: string;

  beforeAll(async () => {
    provider = await startOpenAiWireServer({ apiKey: KEY, models: ['gpt-4o-mini', 'my-local-model'] });
    server = await startTestServer({ env: { OPENAI_BASE_URL: provider.url, OPENAI_API_KEY: KEY, PROVIDER_IDLE_TIMEOUT_SECONDS: '1', PRICES: '{"openai/gpt-4o-mini": {"input": 2, "output": 8}}' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    const created = await admin.post('/agents', { agent_name: 'Ops agent', description: '', agent_style: '', on_status: true, model_name: 'openai/gpt-4o-mini', tools: [] });
    expect(created.status).toBe(201);
    agentId = created.body.agent_id;
  });
  afterAll(async () => {
    await server?.stop();
    await provider?.close();
  });

  const invoke = (threadId: string) => readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token: server.adminToken, body: invokeBody('hi', { threadId }) });
  const runIdOf = (capture: SseCapture) => (capture.events[0]!.data as { run_id: string }).run_id;
  const errorOf = (capture: SseCapture) => capture.events.find((e) => e.event === 'error')?.data as { code: string; detail: string; provider_status?: number } | undefined;
  const logLines = () =>
    server
      .logs()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('offers the models the OPENAI_BASE_URL server lists at /v1/models, not the built-in gpt-4o', async () => {
    const llms = await fetch(`${server.baseUrl}/get-llms`);
    expect(llms.status).toBe(200);
    const text = JSON.stringify(await llms.json());
    expect(text).toContain('openai/my-local-model');
    expect(text).toContain('openai/gpt-4o-mini');
    expect(text).not.toContain('"openai/gpt-4o"');
  });

  it('answers once after a 429 then 200, and logs the failure with the run id, model, status and duration', async () => {
    const before = provider.requests.length;
    provider.enqueue({ failure: { type: 'http', status: 429, retryAfter: '0' } }, { tokens: ['Recovered', ' fine'] });
    const capture = await invoke('retry');
    expect(tokensOf(capture)).toBe('Recovered fine');
    expect(errorOf(capture)).toBeUndefined();
    expect(capture.events.at(-1)).toMatchObject({ event: 'end', data: { outcome: 'completed' } });
    expect(provider.requests.length - before).toBe(2);
    const runId = runIdOf(capture);
    const failure = logLines().find((line) => line.msg === 'model provider failed' && line.run_id === runId);
    expect(failure).toMatchObject({ run_id: runId, agent_id: agentId, thread_id: 'retry', model: 'openai/gpt-4o-mini', status: 429, code: 'provider_rate_limited', attempt: 1 });
    expect(failure?.duration_ms).toEqual(expect.any(Number));
    expect(server.logs()).not.toContain(KEY);
  });

  it('ends a stalled provider stream after PROVIDER_IDLE_TIMEOUT_SECONDS with provider_timeout', async () => {
    provider.enqueue({ tokens: ['Started', ' never finished'], tokenDelayMs: 20_000 });
    const started = Date.now();
    const capture = await invoke('stall');
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(tokensOf(capture)).toBe('Started');
    expect(errorOf(capture)).toMatchObject({ code: 'provider_timeout' });
    expect(capture.events.at(-1)).toMatchObject({ event: 'end', data: { outcome: 'failed' } });
    const runId = runIdOf(capture);
    expect(logLines().some((line) => line.msg === 'model provider failed' && line.run_id === runId && line.code === 'provider_timeout')).toBe(true);
  });

  it.each([
    [401, 'provider_auth'],
    [403, 'provider_auth'],
    [404, 'provider_error'],
    [500, 'provider_unavailable'],
  ])('a provider answering %i fails the run with %s and the provider status', async (status, code) => {
    provider.enqueue({ failure: { type: 'http', status, message: `upstream said ${status}` } });
    const capture = await invoke(`status-${status}`);
    expect(errorOf(capture)).toMatchObject({ code, provider_status: status });
    const run = await admin.get(`/runs/${runIdOf(capture)}`);
    expect(run.body).toMatchObject({ status: 'failed', error_code: code });
  }, 20_000);

  it('a malformed stream is provider_bad_response', async () => {
    provider.enqueue({ tokens: ['x'], failure: { type: 'malformed-chunk', afterTokens: 1 } });
    expect(errorOf(await invoke('malformed'))).toMatchObject({ code: 'provider_bad_response' });
  });

  it('counts tokens and their cost (PRICES over the defaults) by model and surface in the metrics', async () => {
    const sample = async (series: string) => {
      const text = await (await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${server.adminToken}` } })).text();
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? 0 : Number(line.split(' ')[1]);
    };
    const input = 'switchboard_model_tokens_total{model="openai/gpt-4o-mini",surface="agent-invoke",type="input"}';
    const output = 'switchboard_model_tokens_total{model="openai/gpt-4o-mini",surface="agent-invoke",type="output"}';
    const cost = 'switchboard_model_cost_usd_total{model="openai/gpt-4o-mini",surface="agent-invoke"}';
    const before = [await sample(input), await sample(output), await sample(cost)];
    provider.enqueue({ tokens: ['Priced'], usage: { inputTokens: 1_000, outputTokens: 500 } });
    await invoke('priced');
    const after = [await sample(input), await sample(output), await sample(cost)];
    expect(after[0]! - before[0]!).toBe(1_000);
    expect(after[1]! - before[1]!).toBe(500);
    expect(after[2]! - before[2]!).toBeCloseTo((1_000 * 2 + 500 * 8) / 1_000_000, 10);
  });

  it('serves process metrics under their standard names and HTTP metrics per route and status', async () => {
    await admin.get(`/agents/${agentId}`);
    await admin.get('/agents/no-such-agent');
    const metrics = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    const text = await metrics.text();
    expect(metrics.status).toBe(200);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^process_resident_memory_bytes /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(text).not.toContain('switchboard_process_');
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/agents\/:id",status_code="200"\} [1-9]/m);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/agents\/:id",status_code="400"\} [1-9]/m);
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="POST",route="\/agent-invoke\/:agent_id\/invoke-stream",status_code="200"\} [1-9]/m);
    expect(text).not.toContain('no-such-agent');
  });
});
