/** Markers of a special content block inside the token stream (SPEC §8). */
export const BLOCK_START = '!#block#!';
export const BLOCK_END = '!#/block#!';
/** The reference client gives up on a block after this many buffered characters and shows them as text. */
export const DEFAULT_MAX_BLOCK_CHARS = 2000;

export type Segment = { kind: 'text'; text: string } | { kind: 'block'; json: string };

export interface BlockParser {
  /** Feed the next token; returns what can be shown now, in order. */
  push(token: string): Segment[];
  /** The stream is over: flush whatever is held back (an unterminated block becomes text). */
  end(): Segment[];
}

/** Length of the longest suffix of `text` that is a proper prefix of `marker` (a marker split across tokens). */
function partialMarkerSuffix(text: string, marker: string): number {
  const longest = Math.min(text.length, marker.length - 1);
  for (let length = longest; length > 0; length -= 1) {
    if (text.endsWith(marker.slice(0, length))) return length;
  }
  return 0;
}

/**
 * An incremental, DOM-free parser: text is released as soon as it cannot be the start of a marker;
 * from `!#block#!` on it buffers until `!#/block#!`, or falls back to plain text after `maxBlockChars`.
 */
export function createBlockParser(options: { maxBlockChars?: number } = {}): BlockParser {
  const maxBlockChars = options.maxBlockChars ?? DEFAULT_MAX_BLOCK_CHARS;
  let inBlock = false;
  let pending = '';

  function drain(out: Segment[]): void {
    for (;;) {
      if (!inBlock) {
        const start = pending.indexOf(BLOCK_START);
        if (start === -1) {
          const keep = partialMarkerSuffix(pending, BLOCK_START);
          emitText(out, pending.slice(0, pending.length - keep));
          pending = pending.slice(pending.length - keep);
          return;
        }
        emitText(out, pending.slice(0, start));
        pending = pending.slice(start + BLOCK_START.length);
        inBlock = true;
        continue;
      }
      const end = pending.indexOf(BLOCK_END);
      if (end !== -1) {
        out.push({ kind: 'block', json: pending.slice(0, end) });
        pending = pending.slice(end + BLOCK_END.length);
        inBlock = false;
        continue;
      }
      // A half-received end marker does not count towards the limit: it may complete with the next token.
      const buffered = pending.length - partialMarkerSuffix(pending, BLOCK_END);
      if (buffered <= maxBlockChars) return;
      fallBackToText(out);
    }
  }

  /** Too long without an end marker: show the marker and buffer as text, but rescan from a later start marker. */
  function fallBackToText(out: Segment[]): void {
    const nextStart = pending.indexOf(BLOCK_START);
    inBlock = false;
    if (nextStart === -1) {
      emitText(out, BLOCK_START + pending);
      pending = '';
      return;
    }
    emitText(out, BLOCK_START + pending.slice(0, nextStart));
    pending = pending.slice(nextStart);
  }

  return {
    push(token) {
      const out: Segment[] = [];
      pending += token;
      drain(out);
      return out;
    },
    end() {
      const out: Segment[] = [];
      emitText(out, inBlock ? BLOCK_START + pending : pending);
      pending = '';
      inBlock = false;
      return out;
    },
  };
}

function emitText(out: Segment[], text: string): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last?.kind === 'text') last.text += text;
  else out.push({ kind: 'text', text });
}

/** Parse a whole text at once (history messages). */
export function parseBlocks(text: string, options?: { maxBlockChars?: number }): Segment[] {
  const parser = createBlockParser(options);
  const segments = [...parser.push(text), ...parser.end()];
  return mergeText(segments);
}

function mergeText(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const segment of segments) {
    if (segment.kind === 'text') emitText(out, segment.text);
    else out.push(segment);
  }
  return out;
}
