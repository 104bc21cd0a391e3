import type { FakeReply } from './fake-reply.js';
import { splitArguments } from './fake-reply.js';
import { startFakeServer, type FakeServerOptions, type FakeWireServer, type WireDialect, type WireEvent } from './fake-stream-server.js';

/** A local server speaking Anthropic Messages streaming at `<url>/v1/messages`. */
export function startAnthropicWireServer(options: FakeServerOptions = {}): Promise<FakeWireServer> {
  return startFakeServer(anthropicDialect, '', options);
}

const frame = (type: string, value: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...value })}\n\n`;

/** The SSE events of one scripted reply, as Anthropic sends them. Exported for benchmarks. */
export function anthropicEvents(reply: FakeReply, body: any): WireEvent[] {
  const model = String(body?.model ?? 'fake-model');
  const input = reply.usage?.inputTokens ?? 0;
  const output = reply.usage?.outputTokens ?? (reply.tokens?.length ?? 0);
  const events: WireEvent[] = [
    {
      frame: frame('message_start', {
        message: { id: 'msg_fake', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: input, output_tokens: 1 } },
      }),
      token: false,
    },
  ];
  let index = 0;
  const tokens = reply.tokens ?? [];
  if (tokens.length > 0) {
    events.push({ frame: frame('content_block_start', { index, content_block: { type: 'text', text: '' } }), token: false });
    events.push({ frame: frame('ping', {}), token: false });
    for (const text of tokens) events.push({ frame: frame('content_block_delta', { index, delta: { type: 'text_delta', text } }), token: true });
    events.push({ frame: frame('content_block_stop', { index }), token: false });
    index++;
  }
  const calls = reply.toolCalls ?? [];
  calls.forEach((call, n) => {
    events.push({
      frame: frame('content_block_start', { index, content_block: { type: 'tool_use', id: call.id ?? `toolu_fake_${n}`, name: call.name, input: {} } }),
      token: false,
    });
    events.push({ frame: frame('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } }), token: false });
    for (const piece of splitArguments(call)) {
      events.push({ frame: frame('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } }), token: false });
    }
    events.push({ frame: frame('content_block_stop', { index }), token: false });
    index++;
  });
  const stopReason = reply.finishReason ?? (calls.length > 0 ? 'tool_use' : 'end_turn');
  events.push({ frame: frame('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: output } }), token: false });
  if (!reply.omitTerminal) events.push({ frame: frame('message_stop', {}), token: false });
  return events;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

const anthropicDialect: WireDialect = {
  path: '/v1/messages',
  authorized: (headers, apiKey) => headers['x-api-key'] === apiKey,
  events: anthropicEvents,
  errorBody: (status, message) => ({ type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message } }),
  streamErrorFrame: (failure) => frame('error', { error: { type: failure.errorType ?? 'overloaded_error', message: failure.message ?? 'Overloaded' } }),
  malformedFrame: () => 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,\n\n',
};
