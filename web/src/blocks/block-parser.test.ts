import { describe, expect, it } from 'vitest';
import { BLOCK_END, BLOCK_START, createBlockParser, parseBlocks, type Segment } from './block-parser.js';

/** Feed tokens one by one and collect everything, merging adjacent text like the renderer does. */
function feed(tokens: string[], maxBlockChars?: number): { segments: Segment[]; perPush: Segment[][] } {
  const parser = createBlockParser({ maxBlockChars });
  const perPush = tokens.map((token) => parser.push(token));
  const all = [...perPush.flat(), ...parser.end()];
  const segments: Segment[] = [];
  for (const segment of all) {
    const last = segments[segments.length - 1];
    if (segment.kind === 'text' && last?.kind === 'text') last.text += segment.text;
    else segments.push({ ...segment });
  }
  return { segments, perPush };
}

function everySplit(text: string): string[][] {
  const splits: string[][] = [];
  for (let i = 1; i < text.length; i += 1) {
    for (let j = i; j < text.length; j += 1) splits.push([text.slice(0, i), text.slice(i, j), text.slice(j)].filter((t) => t !== ''));
  }
  return splits;
}

describe('createBlockParser', () => {
  it('releases plain text immediately, token by token', () => {
    const { perPush } = feed(['Hello', ' wor', 'ld']);
    expect(perPush).toEqual([[{ kind: 'text', text: 'Hello' }], [{ kind: 'text', text: ' wor' }], [{ kind: 'text', text: 'ld' }]]);
  });

  it('extracts a block between text', () => {
    const { segments } = feed([`before ${BLOCK_START}{"type":"json","content":1}${BLOCK_END} after`]);
    expect(segments).toEqual([
      { kind: 'text', text: 'before ' },
      { kind: 'block', json: '{"type":"json","content":1}' },
      { kind: 'text', text: ' after' },
    ]);
  });

  it('finds markers split at every possible pair of places, even inside the marker text', () => {
    const text = `A ${BLOCK_START}{"type":"markdown","content":"**x**"}${BLOCK_END} B`;
    for (const tokens of everySplit(text)) {
      expect(feed(tokens).segments).toEqual([
        { kind: 'text', text: 'A ' },
        { kind: 'block', json: '{"type":"markdown","content":"**x**"}' },
        { kind: 'text', text: ' B' },
      ]);
    }
  });

  it('survives a stream of one character per token', () => {
    const text = `x${BLOCK_START}{"a":1}${BLOCK_END}y${BLOCK_START}{"b":2}${BLOCK_END}z`;
    expect(feed([...text]).segments).toEqual([
      { kind: 'text', text: 'x' },
      { kind: 'block', json: '{"a":1}' },
      { kind: 'text', text: 'y' },
      { kind: 'block', json: '{"b":2}' },
      { kind: 'text', text: 'z' },
    ]);
  });

  it('holds back only what could still become a start marker', () => {
    const parser = createBlockParser();
    expect(parser.push('wow!#bl')).toEqual([{ kind: 'text', text: 'wow' }]);
    expect(parser.push('ue')).toEqual([{ kind: 'text', text: '!#blue' }]);
  });

  it('shows a lone "!" at the end of the reply when the stream ends', () => {
    const parser = createBlockParser();
    expect(parser.push('Hi!')).toEqual([{ kind: 'text', text: 'Hi' }]);
    expect(parser.end()).toEqual([{ kind: 'text', text: '!' }]);
  });

  it('falls back to plain text after 2000 buffered characters without an end marker', () => {
    const long = 'x'.repeat(2001);
    const parser = createBlockParser();
    expect(parser.push(`${BLOCK_START}${'x'.repeat(2000)}`)).toEqual([]);
    expect(parser.push('x')).toEqual([{ kind: 'text', text: `${BLOCK_START}${long}` }]);
    expect(parser.push(' tail')).toEqual([{ kind: 'text', text: ' tail' }]);
  });

  it('does not fall back while the end marker is arriving across the limit', () => {
    const body = 'y'.repeat(2000);
    const { segments } = feed([BLOCK_START, body, '!#/blo', 'ck#!']);
    expect(segments).toEqual([{ kind: 'block', json: body }]);
  });

  it('after a fallback, still recognises a later block in the flushed text', () => {
    const { segments } = feed([`${BLOCK_START}${'z'.repeat(10)}${BLOCK_START}{"k"`, `:1}${BLOCK_END}`], 12);
    expect(segments).toEqual([
      { kind: 'text', text: `${BLOCK_START}${'z'.repeat(10)}` },
      { kind: 'block', json: '{"k":1}' },
    ]);
  });

  it('shows an unterminated block as text when the stream ends', () => {
    expect(feed(['a', `${BLOCK_START}{"type"`]).segments).toEqual([{ kind: 'text', text: `a${BLOCK_START}{"type"` }]);
  });

  it('parses a whole stored message the same way', () => {
    expect(parseBlocks(`${BLOCK_START}{}${BLOCK_END}`)).toEqual([{ kind: 'block', json: '{}' }]);
    expect(parseBlocks('plain')).toEqual([{ kind: 'text', text: 'plain' }]);
  });
});
