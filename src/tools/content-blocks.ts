const BLOCK_PATTERN = /!#block#!([\s\S]*?)!#\/block#!/g;

export const blockMarker = (block: unknown): string => `!#block#!${JSON.stringify(block)}!#/block#!`;

/** What the model reads instead of a block the user already sees (a data URL can be megabytes). */
function placeholder(json: string): string {
  try {
    const block = JSON.parse(json) as { type?: unknown; content?: { alt?: unknown } };
    const type = typeof block.type === 'string' ? block.type : 'content';
    const alt = typeof block.content?.alt === 'string' && block.content.alt ? `: ${block.content.alt.slice(0, 200)}` : '';
    return `[${type} block shown to the user${alt}]`;
  } catch {
    return '[content block shown to the user]';
  }
}

/** A block found inside JSON text (e.g. a tool's JSON reply) is escaped once; the client needs it plain. */
function unescapeIfEscaped(whole: string): string {
  if (!whole.includes('\\"')) return whole;
  try {
    return JSON.parse(`"${whole}"`) as string;
  } catch {
    return whole;
  }
}

/** Lifts `!#block#!…!#/block#!` strings out of a text into `blocks`, leaving a short note behind. */
export function liftBlocks(text: string, blocks: string[]): string {
  return text.replace(BLOCK_PATTERN, (found: string) => {
    const block = unescapeIfEscaped(found);
    if (!blocks.includes(block)) blocks.push(block);
    return placeholder(block.slice('!#block#!'.length, -'!#/block#!'.length));
  });
}

/** The same over every string of a JSON-like value. */
export function liftBlocksDeep(value: unknown, blocks: string[]): unknown {
  if (typeof value === 'string') return value.includes('!#block#!') ? liftBlocks(value, blocks) : value;
  if (Array.isArray(value)) return value.map((item) => liftBlocksDeep(item, blocks));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, liftBlocksDeep(item, blocks)]));
  }
  return value;
}
