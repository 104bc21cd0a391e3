import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parseBlock } from '../ag-ui/block-scanner.js';

type Content = CallToolResult['content'][number];

const BLOCK_PATTERN = /!#block#!([\s\S]*?)!#\/block#!/g;
const DATA_URL = /^data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=]+)$/i;

/** An image block whose `src` is a base64 data URL becomes image content; any other block, its JSON as text. */
function blockContent(json: string): Content {
  const block = parseBlock(json);
  if (!block) return { type: 'text', text: `!#block#!${json}!#/block#!` };
  const src = (block.content as { src?: unknown } | null)?.src;
  const dataUrl = block.type === 'image' && typeof src === 'string' ? DATA_URL.exec(src) : null;
  if (dataUrl) return { type: 'image', mimeType: dataUrl[1]!, data: dataUrl[2]! };
  return { type: 'text', text: JSON.stringify(block) };
}

/** A final answer as MCP content: its text between blocks, and each block as its own content item. */
export function answerContent(answer: string): Content[] {
  const content: Content[] = [];
  let from = 0;
  for (const match of answer.matchAll(BLOCK_PATTERN)) {
    const text = answer.slice(from, match.index).trim();
    if (text !== '') content.push({ type: 'text', text });
    content.push(blockContent(match[1]!));
    from = match.index + match[0].length;
  }
  const rest = answer.slice(from).trim();
  if (rest !== '' || content.length === 0) content.push({ type: 'text', text: rest });
  return content;
}
