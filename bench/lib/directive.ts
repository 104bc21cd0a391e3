/**
 * How a bench request tells the fake upstream (and the floor) what to answer: a marker in the user message,
 * so it survives any server in between without extra headers.
 */
export interface ReplyShape {
  tokens: number;
  delayMs: number;
}

const PATTERN = /bench:tokens=(\d+);delay=(\d+)/;

export function directive(shape: ReplyShape): string {
  return `bench:tokens=${shape.tokens};delay=${shape.delayMs}`;
}

export function parseDirective(text: string | undefined, fallback: ReplyShape): ReplyShape {
  const match = text === undefined ? null : PATTERN.exec(text);
  return match ? { tokens: Number(match[1]), delayMs: Number(match[2]) } : fallback;
}

/** The text of token `i` of every fake reply (same as fakeTokens in test/fakes). */
export const tokenText = (i: number): string => `tok${i} `;
