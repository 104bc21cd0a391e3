import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-to-text.js';

describe('htmlToText', () => {
  it('keeps the title and visible text, drops scripts, styles and tags', () => {
    const html = `<!doctype html><html><head><title>Example &amp; Co</title><style>p{color:red}</style></head>
      <body><script>alert("x")</script><h1>Hello</h1><p>First&nbsp;para<br>next line</p><ul><li>one</li><li>two &#8364; &#x41;</li></ul></body></html>`;
    expect(htmlToText(html)).toBe('Example & Co\n\nHello\n\nFirst para\nnext line\n\n- one\n- two € A');
  });
});
