import type { ToolCallResult } from '../ports/index.js';

/** What a kind-specific executor returns, before blocks are lifted out and secrets scrubbed. */
export interface RawToolResult {
  ok: boolean;
  output: unknown;
  contentForModel: string;
}

export function toolFailure(message: string, details: Record<string, unknown> = {}): RawToolResult {
  return { ok: false, output: { error: message, ...details }, contentForModel: `Error: ${message}` };
}

export function toolSuccess(output: unknown, contentForModel?: string): RawToolResult {
  return { ok: true, output, contentForModel: contentForModel ?? (typeof output === 'string' ? output : JSON.stringify(output)) };
}

export type { ToolCallResult };
