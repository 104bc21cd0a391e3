import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError, type ChatMessage } from '../domain/index.js';
import type { ModelStreamRequest } from '../ports/index.js';
import { startOpenAiWireServer } from '../../test/fakes/openai-wire-server.js';
import type { FakeWireServer } from '../../test/fakes/fake-stream-server.js';
import type { OpenAiWireServerOptions } from '../../test/fakes/openai-wire-server.js';
import { createOpenAiChatProvider } from './openai-chat-provider.js';

const API_KEY = 'sk-test-secret-key-1234567890';
let server: FakeWireServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(options: OpenAiWireServerOptions) {
  server = await startOpenAiWireServer({ apiKey: API_KEY, ...options });
  const provider = createOpenAiChatProvider({ providerId: 'openai', baseUrl: server.url, apiKey: API_KEY, models: [{ id: 'gpt-4o-mini' }] });
  return { server, provider };
}

function request(overrides: Partial<ModelStreamRequest> = {}): ModelStreamRequest {
  return { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], tools: [], signal: new AbortController().signal, ...overrides };
}

function collect() {
  const deltas: string[] = [];
  return { deltas, handlers: { onText: (d: string) => void deltas.push(d) } };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('OpenAI Chat Completions provider', () => {
  it('streams text deltas one by one and reports usage from the final chunk', async () => {
    const { provider, server } = await setUp({ replies: [{ tokens: ['Hel', 'lo', ', ', 'world'], usage: { inputTokens: 11, outputTokens: 4 } }] });
    const { deltas, handlers } = collect();
    const result = await provider.stream(request(), handlers);
    expect(deltas).toEqual(['Hel', 'lo', ', ', 'world']);
    expect(result).toEqual({ text: 'Hello, world', toolCalls: [], usage: { input_tokens: 11, output_tokens: 4, total_tokens: 15 }, finishReason: 'stop' });
    const sent = server.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body).toMatchObject({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true } });
  });

  it('maps domain messages and tools to the wire format', async () => {
    const { provider, server } = await setUp({ replies: [{ tokens: ['ok'] }] });
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is 2+3?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'calculator', arguments: { expression: '2+3' } }] },
      { role: 'tool', toolCallId: 'call_1', toolName: 'calculator', content: '5' },
    ];
    const tools = [{ name: 'calculator', description: 'Evaluates arithmetic', parameters: { type: 'object', properties: { expression: { type: 'string' } } } }];
    await provider.stream(request({ messages, tools, temperature: 0.2 }), collect().handlers);
    expect(server.requests[0]!.body).toMatchObject({
      temperature: 0.2,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is 2+3?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'calculator', arguments: '{"expression":"2+3"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '5' },
      ],
      tools: [{ type: 'function', function: tools[0] }],
    });
  });

  it('assembles two parallel tool calls from interleaved argument fragments', async () => {
    const { provider } = await setUp({
      interleaveToolCalls: true,
      replies: [
        {
          tokens: ['Let me check.'],
          toolCalls: [
            { id: 'call_a', name: 'calculator', arguments: { expression: '(2+3)*4 - 1' }, argumentChunks: 9 },
            { id: 'call_b', name: 'fetch_url', arguments: { url: 'https://example.com/a?b=c' }, argumentChunks: 12 },
          ],
        },
      ],
    });
    const result = await provider.stream(request(), collect().handlers);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.text).toBe('Let me check.');
    expect(result.toolCalls).toEqual([
      { id: 'call_a', name: 'calculator', arguments: { expression: '(2+3)*4 - 1' } },
      { id: 'call_b', name: 'fetch_url', arguments: { url: 'https://example.com/a?b=c' } },
    ]);
  });

  it('reports tool arguments that are not valid JSON instead of failing the turn', async () => {
    const { provider } = await setUp({ replies: [{ toolCalls: [{ id: 'call_x', name: 'calculator', arguments: '{"expression": "2+' }] }] });
    const result = await provider.stream(request(), collect().handlers);
    expect(result.toolCalls).toEqual([{ id: 'call_x', name: 'calculator', arguments: {}, argumentsError: expect.stringContaining('not valid JSON') }]);
  });

  it('maps finish_reason length', async () => {
    const { provider } = await setUp({ replies: [{ tokens: ['cut short'], finishReason: 'length' }] });
    expect((await provider.stream(request(), collect().handlers)).finishReason).toBe('length');
  });

  it('rejects a 429 with the Retry-After seconds', async () => {
    const { provider } = await setUp({ replies: [{ failure: { type: 'http', status: 429, retryAfter: '17' } }] });
    const error = await rejection(provider.stream(request(), collect().handlers));
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(17);
    expect(error.message).toContain('rate limiting');
  });

  it('parses a Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const { provider } = await setUp({ replies: [{ failure: { type: 'http', status: 429, retryAfter: at } }] });
    const error = await rejection(provider.stream(request(), collect().handlers));
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(31);
  });

  it('rejects a wrong API key without echoing any key', async () => {
    server = await startOpenAiWireServer({ apiKey: API_KEY });
    const wrongKey = 'sk-wrong-key-abcdefghijkl';
    const provider = createOpenAiChatProvider({ providerId: 'openai', baseUrl: server.url, apiKey: wrongKey, models: [{ id: 'gpt-4o-mini' }] });
    const error = await rejection(provider.stream(request(), collect().handlers));
    expect(error.status).toBe(401);
    expect(error.message).toContain('rejected the API key');
    expect(error.message).not.toContain(wrongKey);
    expect(error.message).not.toContain(API_KEY);
  });

  it('rejects a 500 with the provider status and message', async () => {
    const { provider } = await setUp({ replies: [{ failure: { type: 'http', status: 500, message: 'The engine is overloaded' } }] });
    const error = await rejection(provider.stream(request(), collect().handlers));
    expect(error.status).toBe(500);
    expect(error.message).toContain('The engine is overloaded');
  });

  it('rejects a malformed chunk', async () => {
    const { provider } = await setUp({ replies: [{ tokens: ['a', 'b', 'c'], failure: { type: 'malformed-chunk', afterTokens: 2 } }] });
    const { deltas, handlers } = collect();
    const error = await rejection(provider.stream(request(), handlers));
    expect(error.message).toContain('malformed');
    expect(deltas).toEqual(['a', 'b']);
  });

  it('rejects when the connection is cut before [DONE]', async () => {
    const { provider } = await setUp({ replies: [{ tokens: ['a', 'b', 'c', 'd'], failure: { type: 'cut', afterTokens: 2 } }] });
    const { deltas, handlers } = collect();
    const error = await rejection(provider.stream(request(), handlers));
    expect(error.message).toContain('closed before the reply finished');
    expect(deltas).toEqual(['a', 'b']);
  });

  it('rejects an error sent inside the stream', async () => {
    const { provider } = await setUp({ replies: [{ tokens: ['a', 'b'], failure: { type: 'stream-error', afterTokens: 1, message: 'Model crashed' } }] });
    const error = await rejection(provider.stream(request(), collect().handlers));
    expect(error.message).toContain('Model crashed');
  });

  it('rejects when the provider cannot be reached', async () => {
    const provider = createOpenAiChatProvider({ providerId: 'openai', baseUrl: 'http://127.0.0.1:1/v1', models: [{ id: 'gpt-4o-mini' }] });
    const error = await rejection(provider.stream(request(), collect().handlers));
    expect(error.message).toContain('Could not reach');
  });

  it('on abort, closes the upstream connection at once and resolves with the partial text', async () => {
    const tokens = Array.from({ length: 50 }, (_, i) => `t${i} `);
    const { provider, server } = await setUp({ replies: [{ tokens, tokenDelayMs: 20 }] });
    const controller = new AbortController();
    const deltas: string[] = [];
    const result = await provider.stream(request({ signal: controller.signal }), {
      onText(delta) {
        deltas.push(delta);
        if (deltas.length === 3) controller.abort();
      },
    });
    expect(result.finishReason).toBe('aborted');
    expect(result.text).toBe('t0 t1 t2 ');
    expect(result.toolCalls).toEqual([]);
    // usage arrives only at the end of an OpenAI stream: a cancelled turn counts an estimate, not 0
    expect(result.usage.output_tokens).toBe(Math.ceil('t0 t1 t2 '.length / 4));
    expect(result.usage.input_tokens).toBeGreaterThan(0);
    expect(result.usage.total_tokens).toBe(result.usage.input_tokens + result.usage.output_tokens);
    const seen = server.requests[0]!;
    await seen.settled;
    expect(seen.clientClosedEarly).toBe(true);
    expect(seen.finished).toBe(false);
    expect(seen.tokensWritten).toBeLessThan(10);
  });

  it('resolves aborted without connecting when the signal is already aborted', async () => {
    const { provider, server } = await setUp({ replies: [{ tokens: ['x'] }] });
    const result = await provider.stream(request({ signal: AbortSignal.abort() }), collect().handlers);
    expect(result.finishReason).toBe('aborted');
    expect(result.usage.total_tokens).toBe(0); // nothing was sent, nothing is counted
    expect(server.requests).toHaveLength(0);
  });

  it('reuses the connection for the next turn (keep-alive)', async () => {
    const { provider, server } = await setUp({ replies: [{ tokens: ['one'] }, { tokens: ['two'] }] });
    await provider.stream(request(), collect().handlers);
    await provider.stream(request(), collect().handlers);
    expect(server.requests.map((r) => r.finished)).toEqual([true, true]);
    expect(server.requests[1]!.remotePort).toBe(server.requests[0]!.remotePort);
  });
});
