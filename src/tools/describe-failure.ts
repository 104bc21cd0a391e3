import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { DomainError, type ToolKind } from '../domain/index.js';
import { findOutboundError } from './outbound-error.js';

/** The innermost useful message: fetch and sockets wrap the real reason (ECONNREFUSED…) in causes. */
function innermostMessage(error: unknown): string {
  let message = '';
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof AggregateError && current.errors.length > 0) current = current.errors[0];
    if (!(current instanceof Error)) break;
    const code = (current as NodeJS.ErrnoException).code;
    if (current.message && current.message !== 'fetch failed') message = current.message;
    else if (code && !message) message = code;
    current = current.cause;
  }
  return message || String(error);
}

/** A failed call in words for the model and the user; refusals keep their exact text. */
export function describeFailure(error: unknown, kind: ToolKind): string {
  const refusal = findOutboundError(error);
  if (refusal) return refusal.message;
  if (error instanceof DomainError) return error.message;
  if (error instanceof McpError) return `MCP error: ${error.message.replace(/^MCP error -?\d+: /, '')}`;
  const reason = innermostMessage(error);
  return kind === 'mcp' ? `MCP server unavailable: ${reason}` : `request failed: ${reason}`;
}
