import { blockMarker } from './content-blocks.js';
import type { RawToolResult } from './tool-result.js';

interface McpContent {
  type: string;
  text?: string;
  data?: string;
  mimeType?: string;
  uri?: string;
  name?: string;
  resource?: { uri?: string; text?: string; mimeType?: string };
}

/** One MCP content item as text for the model; images become image blocks the user sees. */
function contentToText(item: McpContent, toolLabel: string): string {
  switch (item.type) {
    case 'text':
      return item.text ?? '';
    case 'image':
      return blockMarker({ type: 'image', content: { src: `data:${item.mimeType ?? 'image/png'};base64,${item.data ?? ''}`, alt: `${toolLabel} image` } });
    case 'audio':
      return `[audio (${item.mimeType ?? 'unknown type'}) returned by ${toolLabel}; not shown]`;
    case 'resource':
      return item.resource?.text ?? `[resource ${item.resource?.uri ?? ''}]`;
    case 'resource_link':
      return `[resource link ${item.name ?? ''} ${item.uri ?? ''}]`.replace(/\s+]/, ']');
    default:
      return `[${item.type} content]`;
  }
}

/** An MCP CallToolResult as a tool result; `isError` results are failures the model is told about. */
export function mcpCallResult(result: Record<string, unknown>, toolLabel: string): RawToolResult {
  const content = Array.isArray(result.content) ? (result.content as McpContent[]) : [];
  const texts = content.map((item) => contentToText(item, toolLabel));
  const structured = result.structuredContent;
  const text = texts.join('\n') || (structured !== undefined ? JSON.stringify(structured) : '');
  const ok = result.isError !== true;
  const output = structured !== undefined ? { content: texts, structured } : texts.length === 1 ? texts[0] : texts;
  if (ok) return { ok, output, contentForModel: text };
  return { ok, output: { error: text || 'the MCP tool reported an error' }, contentForModel: `Error: ${text}`, failure: 'bad_response' };
}
