import { describe, expect, it } from 'vitest';
import { closeOpenMarkdown } from './close-open-markdown.js';

describe('closeOpenMarkdown', () => {
  it('closes an open code fence, keeping its kind', () => {
    expect(closeOpenMarkdown('Here:\n```ts\nconst a = 1;')).toBe('Here:\n```ts\nconst a = 1;\n```');
    expect(closeOpenMarkdown('~~~\nx')).toBe('~~~\nx\n~~~');
    expect(closeOpenMarkdown('```\nx\n```\ndone')).toBe('```\nx\n```\ndone');
  });

  it('closes bold, italic and inline code left open on the last line', () => {
    expect(closeOpenMarkdown('This is **very')).toBe('This is **very**');
    expect(closeOpenMarkdown('an *aside')).toBe('an *aside*');
    expect(closeOpenMarkdown('run `npm i')).toBe('run `npm i`');
  });

  it('holds back a marker that just started instead of showing it raw', () => {
    expect(closeOpenMarkdown('This is *')).toBe('This is ');
    expect(closeOpenMarkdown('Say **')).toBe('Say ');
  });

  it('leaves complete text alone', () => {
    const done = '# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n**bold** and `code`';
    expect(closeOpenMarkdown(done)).toBe(done);
  });
});
