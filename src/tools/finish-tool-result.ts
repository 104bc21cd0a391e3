import type { ToolCallResult } from '../ports/index.js';
import { liftBlocks, liftBlocksDeep } from './content-blocks.js';
import { scrubDeep, type Scrub } from './secret-scrubber.js';
import type { RawToolResult } from './tool-result.js';

const cut = (text: string, maxChars: number) =>
  text.length > maxChars ? `${text.slice(0, maxChars)}\n[truncated: ${text.length - maxChars} more characters]` : text;

/**
 * The last step of every call: scrub secrets (blocks included), lift content blocks out for the
 * client, and cap what the model reads and what the tool panel stores.
 */
export function finishToolResult(raw: RawToolResult, scrub: Scrub, maxChars: number): ToolCallResult {
  const blocks: string[] = [];
  let output = liftBlocksDeep(scrubDeep(raw.output, scrub), blocks);
  const contentForModel = cut(liftBlocks(scrub(raw.contentForModel), blocks), maxChars);
  const serialized = JSON.stringify(output) ?? '';
  if (serialized.length > maxChars) output = { truncated: true, preview: cut(serialized, maxChars) };
  return { ok: raw.ok, output, contentForModel, blocks };
}
