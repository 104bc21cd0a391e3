import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../domain/index.js';
import type { ModelStreamRequest } from '../ports/index.js';
import { startAnthropicWireServer } from '../../test/fakes/anthropic-wire-server.js';
import type { FakeReply } from '../../test/fakes/fake-reply.js';
import type { FakeWireServer } from '../../test/fakes/fake-stream-server.js';
import { startOpenAiWireServer } from '../../test/fakes/openai-wire-server.js';
import { createAnthropicMessagesProvider } from './anthropic-messages-provider.js';
import type { ModelProvider } from './model-provider.js';
import { createOpenAiChatProvider } from './openai-chat-provider.js';
import { retryDelay, withRetries, type ProviderFailureReport } from './provider-resilience.js';

const KEY = 'sk-resilience-secret-0123456789';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

type Wire = 'openai' | 'anthropic';
async function setUp(wire: Wire, replies: FakeReply[], options: { maxRetries?: number; idleTimeoutMs?: number } = {}) {
  const server: FakeWireServer = wire === 'openai' ? await startOpenAiWireServer({ apiKey: KEY, replies }) : await startAnthropicWireServer({ apiKey: KEY, replies });
  closers.push(() => server.close());
  const reports: ProviderFailureReport[] = [];
  const provider = withRetries(wireProvider(wire, server.url, options.idleTimeoutMs), {
    maxRetries: options.maxRetries ?? 2,
    baseDelayMs: 20,
    maxDelayMs: 2_000,
    onFailure: (report) => reports.push(report),
  });
  return { server, provider, reports };
}

function wireProvider(wire: Wire, url: string, idleTimeoutMs?: number, apiKey = KEY): ModelProvider {
  return wire === 'openai'
    ? createOpenAiChatProvider({ providerId: 'openai', baseUrl: url, apiKey, models: [{ id: 'gpt-4o-mini' }], idleTimeoutMs })
    : createAnthropicMessagesProvider({ baseUrl: url, apiKey, models: [{ id: 'claude-haiku-4-5' }], idleTimeoutMs });
}

const modelOf = (wire: Wire) => (wire === 'openai' ? 'openai/gpt-4o-mini' : 'anthropic/claude-haiku-4-5');
function request(wire: Wire, signal = new AbortController().signal): ModelStreamRequest {
  return { model: modelOf(wire), messages: [{ role: 'user', content: 'Hi' }], tools: [], signal, runId: 'run_test_1' };
}
function collect() {
  const deltas: string[] = [];
  return { deltas, handlers: { onText: (d: string) => void deltas.push(d) } };
}
async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe.each<Wire>(['openai', 'anthropic'])('a %s-wire provider that recovers', (wire) => {
  it('retries a 429 once and answers once, honouring Retry-After', async () => {
    const { server, provider, reports } = await setUp(wire, [{ failure: { type: 'http', status: 429, retryAfter: '1' } }, { tokens: ['Hello', ' again'] }]);
    const { deltas, handlers } = collect();
    const started = Date.now();
    const result = await provider.stream(request(wire), handlers);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.text).toBe('Hello again');
    expect(deltas).toEqual(['Hello', ' again']);
    expect(server.requests).toHaveLength(2);
    expect(reports).toEqual([
      expect.objectContaining({ run_id: 'run_test_1', model: modelOf(wire), code: 'provider_rate_limited', status: 429, attempt: 1, retry_in_ms: expect.any(Number) }),
    ]);
    expect(JSON.stringify(reports)).not.toContain(KEY);
  });

  it('retries a 503 with backoff, then gives up with provider_unavailable and the status', async () => {
    const { server, provider, reports } = await setUp(wire, [{ failure: { type: 'http', status: 503 } }]);
    const error = await failure(provider.stream(request(wire), collect().handlers));
    expect(error.code).toBe('provider_unavailable');
    expect(error.status).toBe(503);
    expect(server.requests).toHaveLength(3);
    expect(reports.map((r) => r.retry_in_ms === undefined)).toEqual([false, false, true]);
  });

  it('does not wait for a Retry-After longer than the bound: fails at once, saying when', async () => {
    const { server, provider } = await setUp(wire, [{ failure: { type: 'http', status: 429, retryAfter: '120' } }]);
    const error = await failure(provider.stream(request(wire), collect().handlers));
    expect(error.code).toBe('provider_rate_limited');
    expect(error.retryAfterSeconds).toBe(120);
    expect(server.requests).toHaveLength(1);
  });

  it('never retries after tokens were streamed', async () => {
    const { server, provider, reports } = await setUp(wire, [{ tokens: ['a', 'b', 'c'], failure: { type: 'cut', afterTokens: 2 } }]);
    const { deltas, handlers } = collect();
    const error = await failure(provider.stream(request(wire), handlers));
    expect(error.code).toBe('provider_unavailable');
    expect(deltas).toEqual(['a', 'b']);
    expect(server.requests).toHaveLength(1);
    expect(reports).toEqual([expect.objectContaining({ attempt: 1, retry_in_ms: undefined })]);
  });

  it('gives up on a stalled stream after the idle timeout with provider_timeout', async () => {
    const { provider } = await setUp(wire, [{ tokens: ['first', 'never'], tokenDelayMs: 10_000 }], { idleTimeoutMs: 300 });
    const { deltas, handlers } = collect();
    const started = Date.now();
    const error = await failure(provider.stream(request(wire), handlers));
    expect(error.code).toBe('provider_timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(deltas).toEqual(['first']);
  });

  it('names each failure with its own code', async () => {
    const cases: Array<[FakeReply, string, number | undefined]> = [
      [{ failure: { type: 'http', status: 400, message: 'bad model' } }, 'provider_error', 400],
      [{ failure: { type: 'http', status: 500 } }, 'provider_unavailable', 500],
      [{ tokens: ['x'], failure: { type: 'malformed-chunk', afterTokens: 1 } }, 'provider_bad_response', undefined],
    ];
    for (const [reply, code, status] of cases) {
      const { provider } = await setUp(wire, [reply], { maxRetries: 0 });
      const error = await failure(provider.stream(request(wire), collect().handlers));
      expect({ code: error.code, status: error.status }).toEqual({ code, status });
    }
    const server = wire === 'openai' ? await startOpenAiWireServer({ apiKey: KEY }) : await startAnthropicWireServer({ apiKey: KEY });
    closers.push(() => server.close());
    const wrongKey = withRetries(wireProvider(wire, server.url, undefined, 'sk-wrong-key-abcdefghijkl'), { maxRetries: 2, baseDelayMs: 20, maxDelayMs: 100 });
    const auth = await failure(wrongKey.stream(request(wire), collect().handlers));
    expect({ code: auth.code, status: auth.status }).toEqual({ code: 'provider_auth', status: 401 });
    expect(server.requests).toHaveLength(1); // a rejected key is not retried
  });
});

describe('provider resilience without a provider answering', () => {
  it('a provider that never answers the request hits the idle timeout, not the run timeout', async () => {
    const silent = http.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => silent.close(() => resolve())));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1`;
    const provider = wireProvider('openai', url, 250);
    const error = await failure(provider.stream(request('openai'), collect().handlers));
    expect(error.code).toBe('provider_timeout');
    silent.closeAllConnections();
  });

  it('an unreachable provider is provider_unavailable and retried', async () => {
    const reports: ProviderFailureReport[] = [];
    const provider = withRetries(wireProvider('openai', 'http://127.0.0.1:1/v1'), { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 100, onFailure: (r) => reports.push(r) });
    const error = await failure(provider.stream(request('openai'), collect().handlers));
    expect(error.code).toBe('provider_unavailable');
    expect(reports).toHaveLength(2);
  });

  it('backoff grows with each retry and stays within its bound (full jitter)', () => {
    const error = new ProviderError('down', 503, undefined, 'provider_unavailable');
    const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([0, 1, 2, 3, 4].map((n) => retryDelay(error, n, policy, () => 0.999))).toEqual([99, 199, 399, 799, 999]);
    expect(retryDelay(error, 3, policy, () => 0)).toBe(0);
    expect(retryDelay(new ProviderError('no', 401, undefined, 'provider_auth'), 0, policy, () => 0.5)).toBeUndefined();
  });
});
