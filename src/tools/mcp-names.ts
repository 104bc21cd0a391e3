/** Model tool names allow letters, digits, _ and - (64 at most), as OpenAI and Anthropic require. */
const MAX_NAME_LENGTH = 64;

export const MCP_NAME_SEPARATOR = '__';

/** `<tool name>__<mcp tool name>`, with characters models reject replaced by `_`. */
export function mcpModelToolName(toolName: string, mcpToolName: string): string {
  return `${toolName}${MCP_NAME_SEPARATOR}${mcpToolName}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_NAME_LENGTH);
}
