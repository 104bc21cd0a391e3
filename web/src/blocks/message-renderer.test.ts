// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { BLOCK_END, BLOCK_START } from './block-parser.js';
import { createMarkdownRenderer } from './markdown.js';
import { createMessageRenderer } from './message-renderer.js';

function setup(): { container: HTMLElement; push: (t: string) => void; end: () => void } {
  const container = document.createElement('div');
  document.body.append(container);
  const renderer = createMessageRenderer({ container, doc: document, baseUrl: 'http://localhost/', renderMarkdown: createMarkdownRenderer(window) });
  return { container, push: renderer.push, end: renderer.end };
}

const block = (value: unknown): string => `${BLOCK_START}${JSON.stringify(value)}${BLOCK_END}`;

describe('createMessageRenderer', () => {
  it('appends token text as text, never as markup', () => {
    const { container, push, end } = setup();
    push('<img src=x onerror="window.pwned=1">');
    push(' <b>bold</b>');
    end();
    expect(container.querySelector('img, b')).toBeNull();
    expect(container.textContent).toBe('<img src=x onerror="window.pwned=1"> <b>bold</b>');
    expect(container.childNodes).toHaveLength(1);
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

  it('puts HTML only in a scripts-only sandboxed iframe', () => {
    const { container, push, end } = setup();
    push(block({ type: 'html', content: '<script>parent.document.title="pwned"</script><p>hi</p>' }));
    end();
    const frame = container.querySelector('iframe');
    expect(frame?.getAttribute('sandbox')).toBe('allow-scripts');
    expect(frame?.srcdoc).toContain('<p>hi</p>');
    expect(container.querySelector('p')).toBeNull();
  });

  it('pretty-prints JSON in a collapsible details element', () => {
    const { container, push, end } = setup();
    push(block({ type: 'json', content: { a: [1, 2] } }));
    end();
    expect(container.querySelector('details')?.open).toBe(true);
    expect(container.querySelector('pre')?.textContent).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
  });

  it('renders image and video with captions', () => {
    const { container, push, end } = setup();
    push(block({ type: 'image', content: { src: 'https://example.com/a.png', alt: 'A chart' } }));
    push(block({ type: 'video', content: { src: 'https://example.com/v.mp4', alt: 'Clip', additional: 'Demo clip' } }));
    end();
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://example.com/a.png');
    expect(container.querySelector('img')?.alt).toBe('A chart');
    expect(container.querySelector('video')?.getAttribute('src')).toBe('https://example.com/v.mp4');
    expect([...container.querySelectorAll('figcaption')].map((c) => c.textContent)).toEqual(['A chart', 'Clip — Demo clip']);
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
    expect(container.firstChild?.textContent).toBe('Before ');
    expect(container.lastChild?.textContent).toBe(' after');
    expect(container.querySelectorAll('.block')).toHaveLength(1);
  });
});
