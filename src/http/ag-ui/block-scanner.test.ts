import { describe, expect, it } from 'vitest';
import { blocksOf, createBlockScanner } from './block-scanner.js';

describe('createBlockScanner', () => {
  it('finds a block whose markers and JSON are split across pieces', () => {
    const scan = createBlockScanner();
    const pieces = ['Look: !#blo', 'ck#!{"type":"json",', '"content":{"a":1}}!#/bl', 'ock#! done'];
    const found = pieces.flatMap((piece) => scan(piece));
    expect(found).toEqual([{ type: 'json', content: { a: 1 } }]);
  });

  it('ignores markers around text that is not a block and keeps finding later ones', () => {
    expect(blocksOf('!#block#!not json!#/block#! then !#block#!{"type":"markdown","content":"# hi"}!#/block#!')).toEqual([{ type: 'markdown', content: '# hi' }]);
  });

  it('finds nothing in plain text', () => {
    expect(blocksOf('just words, and a lone !#block#! start')).toEqual([]);
  });
});
