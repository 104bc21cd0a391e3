/** What a fake provider server answers to one request. Shared by the OpenAI and Anthropic wire fakes. */
export interface FakeReply {
  /** Text deltas, in order; each becomes one SSE event. */
  tokens?: string[];
  /** Tool calls sent after the text; arguments are split into `argumentChunks` fragments. */
  toolCalls?: FakeToolCall[];
  /** Reported usage; defaults to 0 input tokens and one output token per text delta. */
  usage?: { inputTokens: number; outputTokens: number };
  /** Pause before each text delta after the first (and each tool-argument fragment). */
  tokenDelayMs?: number;
  /** Wire value of the finish/stop reason; defaults to stop/end_turn, or tool_calls/tool_use with tool calls. */
  finishReason?: string;
  failure?: FakeFailure;
  /** End the response cleanly but without the terminal event ([DONE] / message_stop). */
  omitTerminal?: boolean;
}

export interface FakeToolCall {
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
  /** How many fragments the argument text is split into (default: one per 4 characters). */
  argumentChunks?: number;
}

export type FakeFailure =
  /** Answer with this HTTP status and the provider's JSON error body; no stream. */
  | { type: 'http'; status: number; retryAfter?: string; message?: string }
  /** After `afterTokens` text deltas, send a data line that is not JSON, then end the response. */
  | { type: 'malformed-chunk'; afterTokens?: number }
  /** After `afterTokens` text deltas, destroy the socket (no terminal event, no clean end). */
  | { type: 'cut'; afterTokens?: number }
  /** After `afterTokens` text deltas, send the provider's in-stream error event, then end. */
  | { type: 'stream-error'; afterTokens?: number; message?: string; errorType?: string };

/** `count` deltas `"tok0 "`, `"tok1 "`, … for load tests. */
export function fakeTokens(count: number, prefix = 'tok'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i} `);
}

export function splitArguments(call: FakeToolCall): string[] {
  const text = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
  const chunks = Math.max(1, call.argumentChunks ?? Math.ceil(text.length / 4));
  const size = Math.max(1, Math.ceil(text.length / chunks));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces.length > 0 ? pieces : [''];
}
