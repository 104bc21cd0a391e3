import createDOMPurify from 'dompurify';
import { marked } from 'marked';

export type RenderMarkdown = (markdown: string) => DocumentFragment;

/**
 * Markdown -> sanitized DOM. DOMPurify returns a fragment, so the page never assigns HTML strings itself.
 * Inline styles and forms are dropped too: they could dress model output up as the page's own UI.
 */
export function createMarkdownRenderer(win: Window): RenderMarkdown {
  const purify = createDOMPurify(win as unknown as Parameters<typeof createDOMPurify>[0]);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && node.getAttribute('href') !== null) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
  return (markdown) => {
    const html = marked.parse(markdown, { async: false, gfm: true, breaks: true });
    return purify.sanitize(html, {
      RETURN_DOM_FRAGMENT: true,
      FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
      FORBID_ATTR: ['style'],
    });
  };
}
