import { describe, expect, it } from 'vitest';
import { blockMarker, liftBlocks, liftBlocksDeep } from './content-blocks.js';

describe('liftBlocks', () => {
  const image = blockMarker({ type: 'image', content: { src: 'data:image/png;base64,AAAA', alt: 'a cat' } });
  const markdown = blockMarker({ type: 'markdown', content: 'say "hi"' });

  it('moves blocks out and leaves a short note for the model', () => {
    const blocks: string[] = [];
    expect(liftBlocks(`before ${image} middle ${markdown} after`, blocks)).toBe(
      'before [image block shown to the user: a cat] middle [markdown block shown to the user] after',
    );
    expect(blocks).toEqual([image, markdown]);
  });

  it('unescapes a block found inside JSON text and does not list it twice', () => {
    const blocks: string[] = [];
    liftBlocksDeep({ render: image }, blocks);
    liftBlocks(JSON.stringify({ render: image }), blocks);
    expect(blocks).toEqual([image]);
  });
});
