import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError, type ChatMessage } from '../domain/index.js';
import type { ModelStreamRequest } from '../ports/index.js';
import { startAnthropicWireServer } from '../../test/fakes/anthropic-wire-server.js';
import type { FakeServerOptions, FakeWireServer } from '../../test/fakes/fake-stream-server.js';
import { createAnthropicMessagesProvider } from './anthropic-messages-provider.js';

const API_KEY = 'sk-ant-test-secret-0987654321';
let server: FakeWireServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(options: FakeServerOptions) {
  server = await startAnthropicWireServer({ apiKey: API_KEY, ...options });
  const provider = createAnthropicMessagesProvider({ baseUrl: server.url, apiKey: API_KEY, models: [{ id: 'claude-haiku-4-5' }] });
  return { server, provider };
}

function request(overrides: Partial<ModelStreamRequest> = {}): ModelStreamRequest {
  return { model: 'anthropic/claude-haiku-4-5', messages: [{ role: 'user', content: 'Hi' }], tools: [], signal: new AbortController().signal, ...overrides };
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

describe('Anthropic Messages provider', () => {
  it('streams text deltas and reports input tokens from message_start and output tokens from message_delta', async () => {
    const { provider, server } = await setUp({ replies: [{ tokens: ['Hel', 'lo', ' there'], usage: { inputTokens: 21, outputTokens: 3 } }] });
    const { deltas, handlers } = collect();
    const result = await provider.stream(request(), handlers);
    expect(deltas).toEqual(['Hel', 'lo', ' there']);
    expect(result).toEqual({ text: 'Hello there', toolCalls: [], usage: { input_tokens: 21, output_tokens: 3, total_tokens: 24 }, finishReason: 'stop' });
    const sent = server.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(API_KEY);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.body).toMatchObject({ model: 'claude-haiku-4-5', stream: true, max_tokens: 4096 });
  });

  it('sends the system prompt top-level, tool calls as tool_use and results as tool_result in one user turn', async () => {
    const { provider, server } = await setUp({ replies: [{ tokens: ['ok'] }] });
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Add and fetch' },
      {
        role: 'assistant',
        content: 'Working on it.',
        toolCalls: [
          { id: 'toolu_1', name: 'calculator', arguments: { expression: '2+3' } },
          { id: 'toolu_2', name: 'fetch_url', arguments: { url: 'https://example.com' } },
        ],
      },
      { role: 'tool', toolCallId: 'toolu_1', toolName: 'calculator', content: '5' },
      { role: 'tool', toolCallId: 'toolu_2', toolName: 'fetch_url', content: '<html>' },
    ];
    const tools = [{ name: 'calculator', description: 'Evaluates arithmetic', parameters: { type: 'object', properties: { expression: { type: 'string' } } } }];
    await provider.stream(request({ messages, tools }), collect().handlers);
    expect(server.requests[0]!.body).toMatchObject({
      system: 'Be brief.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Add and fetch' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Working on it.' },
            { type: 'tool_use', id: 'toolu_1', name: 'calculator', input: { expression: '2+3' } },
            { type: 'tool_use', id: 'toolu_2', name: 'fetch_url', input: { url: 'https://example.com' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '5' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: '<html>' },
          ],
        },
      ],
      tools: [{ name: 'calculator', description: 'Evaluates arithmetic', input_schema: tools[0]!.parameters }],
    });
  });

  it('assembles two tool calls from input_json_delta fragments', async () => {
    const { provider } = await setUp({
      replies: [
        {
          tokens: ['Checking.'],
          toolCalls: [
            { id: 'toolu_a', name: 'calculator', arguments: { expression: '(2+3)*4' }, argumentChunks: 7 },
            { id: 'toolu_b', name: 'fetch_url', arguments: { url: 'https://example.com/x' }, argumentChunks: 11 },
          ],
        },
      ],
    });
    const result = await provider.stream(request(), collect().handlers);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.text).toBe('Checking.');
    expect(result.toolCalls).toEqual([
      { id: 'toolu_a', name: 'calculator', arguments: { expression: '(2+3)*4' } },
      { id: 'toolu_b', name: 'fetch_url', arguments: { url: 'https://example.com/x' } },
    ]);
  });

  it('maps stop_reason max_tokens to length', async () => {
    const { provider } = await setUp({ replies: [{ tokens: ['long'], finishReason: 'max_tokens' }] });
    expect((await provider.stream(request(), collect().handlers)).finishReason).toBe('length');
  });

  it('rejects a 429 with the Retry-After seconds', async () => {
    const { provider } = await setUp({ replies: [{ failure: { type: 'http', status: 429, retryAfter: '42' } }] });
    const error = await rejection(provider.stream(request(), collect().handlers));
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(42);
  });

  it('rejects a wrong API key without echoing any key', async () => {
    server = await startAnthropicWireServer({ apiKey: API_KEY });
    const wrongKey = 'sk-ant-wrong-key-abcdefghijkl';
    const provider = createAnthropicMessagesProvider({ baseUrl: server.url, apiKey: wrongKey, models: [{ id: 'claude-haiku-4-5' }] });
    const error = await rejection(provider.stream(request(), collect().handlers));
    expect(error.status).toBe(401);
    expect(error.message).toContain('rejected the API key');
    expect(error.message).not.toContain(wrongKey);
  });

  it('rejects a 500 with the provider status', async () => {
    const { provider } = await setUp({ replies: [{ failure: { type: 'http', status: 500, message: 'Internal server error' } }] });
    const error = await rejection(provider.stream(request(), collect().handlers));
    expect(error.status).toBe(500);
    expect(error.message).toContain('failed (HTTP 500)');
  });

  it('rejects a malformed chunk', async () => {
    const { provider } = await setUp({ replies: [{ tokens: ['a', 'b', 'c'], failure: { type: 'malformed-chunk', afterTokens: 1 } }] });
    const error = await rejection(provider.stream(request(), collect().handlers));
    expect(error.message).toContain('malformed');
  });

  it('rejects when the connection is cut before message_stop', async () => {
    const { provider } = await setUp({ replies: [{ tokens: ['a', 'b', 'c'], failure: { type: 'cut', afterTokens: 2 } }] });
    const { deltas, handlers } = collect();
    const error = await rejection(provider.stream(request(), handlers));
    expect(error.message).toContain('closed before the reply finished');
    expect(deltas).toEqual(['a', 'b']);
  });

  it('rejects when the stream ends cleanly but without message_stop', async () => {
    const { provider } = await setUp({ replies: [{ tokens: ['a'], omitTerminal: true }] });
    const error = await rejection(provider.stream(request(), collect().handlers));
    expect(error.message).toContain('closed before the reply finished');
  });

  it('rejects an error event in the stream, keeping the overloaded status', async () => {
    const { provider } = await setUp({ replies: [{ tokens: ['a', 'b'], failure: { type: 'stream-error', afterTokens: 1 } }] });
    const error = await rejection(provider.stream(request(), collect().handlers));
    expect(error.message).toContain('Overloaded');
    expect(error.status).toBe(529);
  });

  it('on abort, closes the upstream connection at once and resolves with the partial text', async () => {
    const tokens = Array.from({ length: 50 }, (_, i) => `w${i} `);
    const { provider, server } = await setUp({ replies: [{ tokens, tokenDelayMs: 20 }] });
    const controller = new AbortController();
    const deltas: string[] = [];
    const result = await provider.stream(request({ signal: controller.signal }), {
      onText(delta) {
        deltas.push(delta);
        if (deltas.length === 2) controller.abort();
      },
    });
    expect(result.finishReason).toBe('aborted');
    expect(result.text).toBe('w0 w1 ');
    const seen = server.requests[0]!;
    await seen.settled;
    expect(seen.clientClosedEarly).toBe(true);
    expect(seen.finished).toBe(false);
    expect(seen.tokensWritten).toBeLessThan(10);
  });

  it('appends /messages to a base URL that already ends in /v1', async () => {
    server = await startAnthropicWireServer({ replies: [{ tokens: ['ok'] }] });
    const provider = createAnthropicMessagesProvider({ baseUrl: `${server.url}/v1/`, apiKey: 'k', models: [{ id: 'claude-haiku-4-5' }] });
    expect((await provider.stream(request(), collect().handlers)).text).toBe('ok');
  });
});
