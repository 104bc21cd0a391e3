import { McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ToolErrorDetail } from '../ports/index.js';
import { findOutboundError } from './outbound-error.js';
import type { RawToolResult, ToolFailureCategory } from './tool-result.js';

const GENERIC_TEXT: Record<Exclude<ToolFailureCategory, 'input'>, string> = {
  timeout: 'The tool failed (timeout)',
  cancelled: 'The tool failed (cancelled)',
  refused: 'The tool failed (refused)',
  unreachable: 'The tool failed (unreachable)',
  bad_response: 'The tool failed (bad response)',
  failed: 'The tool failed',
};

/** The category of an error thrown while calling a tool (aborts are decided by the caller). */
export function categorizeThrown(error: unknown): ToolFailureCategory {
  if (findOutboundError(error)) return 'refused';
  if (error instanceof McpError) return 'bad_response';
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'number') return 'bad_response'; // the MCP transports' HTTP status errors
    if (typeof code === 'string' || current.message === 'fetch failed') return 'unreachable';
  }
  return 'failed';
}

/**
 * What a failed call shows at `detail`: 'generic' replaces everything the tool's server or configuration
 * said (hosts, ports, statuses, bodies) with one sentence; input problems keep their text.
 */
export function failureAtDetail(raw: RawToolResult, detail: ToolErrorDetail): RawToolResult {
  if (raw.ok || detail === 'full') return raw;
  const category = raw.failure ?? 'failed';
  if (category === 'input') return raw;
  const text = GENERIC_TEXT[category];
  return { ok: false, output: { error: text, category }, contentForModel: `Error: ${text}`, failure: category };
}
