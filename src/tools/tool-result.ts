import type { ToolCallResult } from '../ports/index.js';

/**
 * Why a call failed, as much as anyone may know: `input` (the call's own arguments; its text is shown to
 * all), `timeout`, `cancelled`, `refused` (the outbound safety rules), `unreachable` (name, connection,
 * TLS), `bad_response` (an error status or an MCP error), `failed` (anything else).
 */
export type ToolFailureCategory = 'input' | 'timeout' | 'cancelled' | 'refused' | 'unreachable' | 'bad_response' | 'failed';

/** What a kind-specific executor returns, before blocks are lifted out and secrets scrubbed. */
export interface RawToolResult {
  ok: boolean;
  output: unknown;
  contentForModel: string;
  /** Why a failed call failed, in words that reveal nothing of the tool's configuration. */
  failure?: ToolFailureCategory;
}

/** A failed call; by default a problem with the call's own input, which every caller may be told. */
export function toolFailure(message: string, details: Record<string, unknown> = {}, failure: ToolFailureCategory = 'input'): RawToolResult {
  return { ok: false, output: { error: message, ...details }, contentForModel: `Error: ${message}`, failure };
}

export function toolSuccess(output: unknown, contentForModel?: string): RawToolResult {
  return { ok: true, output, contentForModel: contentForModel ?? (typeof output === 'string' ? output : JSON.stringify(output)) };
}

export type { ToolCallResult };
