import { describe, expect, it } from 'vitest';
import { interpretBlock } from './block-spec.js';

const base = 'http://127.0.0.1:8080/';
const interpret = (value: unknown): ReturnType<typeof interpretBlock> => interpretBlock(JSON.stringify(value), base);

describe('interpretBlock', () => {
  it('reports invalid JSON as an error block keeping the raw text', () => {
    const block = interpretBlock('{"type": "json", ', base);
    expect(block.type).toBe('error');
    expect(block.type === 'error' && block.raw).toBe('{"type": "json", ');
  });

  it('rejects unknown types and missing content', () => {
    expect(interpret({ type: 'script', content: 'x' }).type).toBe('error');
    expect(interpret({ type: 'markdown', content: 5 }).type).toBe('error');
    expect(interpret({ type: 'image', content: 'https://x/y.png' }).type).toBe('error');
  });

  it('accepts an https image with its caption from alt and additional', () => {
    expect(interpret({ type: 'image', content: { src: 'https://example.com/a.png', alt: 'A cat', additional: 'Photo by me' } })).toEqual({
      type: 'image',
      src: 'https://example.com/a.png',
      alt: 'A cat',
      caption: 'A cat — Photo by me',
    });
  });

  it('accepts inline data:image sources for images only', () => {
    const src = 'data:image/png;base64,iVBORw0KGgo=';
    expect(interpret({ type: 'image', content: { src } })).toMatchObject({ type: 'image', src });
    expect(interpret({ type: 'video', content: { src: 'data:video/mp4;base64,AAAA' } }).type).toBe('error');
  });

  it.each(['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'blob:http://x/1', 'vbscript:x'])(
    'refuses the source %s',
    (src) => {
      expect(interpret({ type: 'image', content: { src } }).type).toBe('error');
      expect(interpret({ type: 'video', content: { src } }).type).toBe('error');
    },
  );

  it('resolves a relative source against the page', () => {
    expect(interpret({ type: 'video', content: { src: '/media/clip.mp4' } })).toMatchObject({ src: 'http://127.0.0.1:8080/media/clip.mp4' });
  });

  it('reads video player options from additional', () => {
    const block = interpret({ type: 'video', content: { src: 'https://x.test/v.mp4', additional: { autoplay: true, controls: false } } });
    expect(block).toMatchObject({ type: 'video', options: { autoplay: true, muted: true, controls: false, loop: false } });
  });

  it('keeps any JSON value for a json block', () => {
    expect(interpret({ type: 'json', content: [1, { a: null }] })).toEqual({ type: 'json', value: [1, { a: null }] });
  });
});
