/** Markers of a content block inside the answer text (SPEC §8). */
const BLOCK_START = '!#block#!';
const BLOCK_END = '!#/block#!';
/** Like the reference client: a block longer than this without its end marker is text, not a block. */
const MAX_BLOCK_CHARS = 2_000_000;

export interface ContentBlock {
  type: string;
  content: unknown;
}

/** The JSON of a block if it is one (`{"type": string, "content": …}`), else null. */
export function parseBlock(json: string): ContentBlock | null {
  try {
    const value = JSON.parse(json) as unknown;
    if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
      return { type: (value as ContentBlock).type, content: (value as ContentBlock).content };
    }
  } catch {
    // not JSON: the markers were text
  }
  return null;
}

/**
 * Finds the blocks completed by each piece of a streamed text, markers split across pieces included. Holds only
 * the text from an unfinished start marker on, so a long answer is not kept twice.
 */
export function createBlockScanner() {
  let held = '';
  return (piece: string): ContentBlock[] => {
    held += piece;
    const found: ContentBlock[] = [];
    for (;;) {
      const start = held.indexOf(BLOCK_START);
      if (start === -1) {
        held = held.slice(Math.max(0, held.length - (BLOCK_START.length - 1)));
        return found;
      }
      const end = held.indexOf(BLOCK_END, start + BLOCK_START.length);
      if (end === -1) {
        held = held.length - start > MAX_BLOCK_CHARS ? held.slice(start + 1) : held.slice(start);
        if (held.startsWith(BLOCK_START)) return found;
        continue;
      }
      const block = parseBlock(held.slice(start + BLOCK_START.length, end));
      if (block) found.push(block);
      held = held.slice(end + BLOCK_END.length);
    }
  };
}

/** Every block of a whole text, in order. */
export function blocksOf(text: string): ContentBlock[] {
  return createBlockScanner()(text);
}
