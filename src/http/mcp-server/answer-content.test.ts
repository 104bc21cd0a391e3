import { describe, expect, it } from 'vitest';
import { answerContent } from './answer-content.js';

describe('answerContent', () => {
  it('keeps a plain answer as one text item', () => {
    expect(answerContent('Hello')).toEqual([{ type: 'text', text: 'Hello' }]);
  });

  it('turns an image block with a data URL into image content and other blocks into their JSON', () => {
    const image = '!#block#!{"type":"image","content":{"src":"data:image/png;base64,iVBORw0KGgo=","alt":"x"}}!#/block#!';
    const json = '!#block#!{"type":"json","content":{"a":1}}!#/block#!';
    expect(answerContent(`Here: ${image} and ${json}`)).toEqual([
      { type: 'text', text: 'Here:' },
      { type: 'image', mimeType: 'image/png', data: 'iVBORw0KGgo=' },
      { type: 'text', text: 'and' },
      { type: 'text', text: '{"type":"json","content":{"a":1}}' },
    ]);
  });

  it('keeps an image block whose src is a URL as its JSON', () => {
    const block = '!#block#!{"type":"image","content":{"src":"https://example.com/a.png"}}!#/block#!';
    expect(answerContent(block)).toEqual([{ type: 'text', text: '{"type":"image","content":{"src":"https://example.com/a.png"}}' }]);
  });
});
