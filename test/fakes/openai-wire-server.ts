import type { FakeReply } from './fake-reply.js';
import { splitArguments } from './fake-reply.js';
import { startFakeServer, type FakeServerOptions, type FakeWireServer, type WireDialect, type WireEvent } from './fake-stream-server.js';

export interface OpenAiWireServerOptions extends FakeServerOptions {
  /** Send the fragments of parallel tool calls interleaved (call 0, call 1, call 0, …) to test index handling. */
  interleaveToolCalls?: boolean;
}

/** A local server speaking OpenAI Chat Completions streaming at `<url>/chat/completions`; `url` ends in /v1. */
export function startOpenAiWireServer(options: OpenAiWireServerOptions = {}): Promise<FakeWireServer> {
  return startFakeServer(openAiDialect(options.interleaveToolCalls ?? false), '/v1', options);
}

const frame = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const chunk = (model: string, delta: unknown, finishReason: string | null = null) =>
  frame({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finishReason }] });

/** The SSE events of one scripted reply, as OpenAI sends them. Exported for benchmarks. */
export function openAiEvents(reply: FakeReply, body: any, interleave = false): WireEvent[] {
  const model = String(body?.model ?? 'fake-model');
  const events: WireEvent[] = [{ frame: chunk(model, { role: 'assistant', content: '' }), token: false }];
  for (const token of reply.tokens ?? []) events.push({ frame: chunk(model, { content: token }), token: true });

  const calls = reply.toolCalls ?? [];
  const fragments = calls.map((call, index) => {
    const pieces = splitArguments(call);
    const id = call.id ?? `call_fake_${index}`;
    return [
      { index, id, type: 'function', function: { name: call.name, arguments: '' } },
      ...pieces.map((piece) => ({ index, function: { arguments: piece } })),
    ];
  });
  const ordered = interleave ? interleaved(fragments) : fragments.flat();
  for (const fragment of ordered) events.push({ frame: chunk(model, { tool_calls: [fragment] }), token: false });

  const finish = reply.finishReason ?? (calls.length > 0 ? 'tool_calls' : 'stop');
  events.push({ frame: chunk(model, {}, finish), token: false });
  if (body?.stream_options?.include_usage) {
    const input = reply.usage?.inputTokens ?? 0;
    const output = reply.usage?.outputTokens ?? (reply.tokens?.length ?? 0);
    events.push({
      frame: frame({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model, choices: [], usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output } }),
      token: false,
    });
  }
  if (!reply.omitTerminal) events.push({ frame: 'data: [DONE]\n\n', token: false });
  return events;
}

function interleaved<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const list of lists) if (i < list.length) out.push(list[i]!);
  return out;
}

function openAiDialect(interleave: boolean): WireDialect {
  return {
    path: '/v1/chat/completions',
    authorized: (headers, apiKey) => headers.authorization === `Bearer ${apiKey}`,
    events: (reply, body) => openAiEvents(reply, body, interleave),
    errorBody: (status, message) => ({
      error: { message, type: status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_request_error' : 'server_error', code: null },
    }),
    streamErrorFrame: (failure) => frame({ error: { message: failure.message ?? 'The server had an error while processing your request.', type: failure.errorType ?? 'server_error' } }),
    malformedFrame: () => 'data: {"choices":[{"delta":{"content":"oops"\n\n',
  };
}
