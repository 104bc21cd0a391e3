import createDOMPurify from 'dompurify';
import { Marked, marked } from 'marked';
import { createBlockedMedia } from './blocked-media.js';
import { enhanceCodeBlocks } from './code-blocks.js';
import type { MediaPolicy } from './media-policy.js';

/** `escapeHtml`: raw HTML in the text shows as text (assistant answers); blocks of type markdown keep it, sanitized. */
export type RenderMarkdown = (markdown: string, options?: { escapeHtml?: boolean }) => DocumentFragment;

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Marked for answers: HTML the model writes is shown as the characters it typed. */
const textMarked = new Marked({ gfm: true, breaks: true, renderer: { html: ({ text }) => escapeHtml(text) } });

/** Marks an image whose source is not allowed; set only by the hook below (a model's own copy is removed first). */
const BLOCKED_SRC = 'data-sb-blocked-src';

/**
 * Markdown -> sanitized DOM. DOMPurify returns a fragment, so the page never assigns HTML strings itself.
 * Inline styles and forms are dropped too: they could dress model output up as the page's own UI.
 * Media: an `<img>` whose source is outside the media policy loses its `src` inside DOMPurify's inert
 * document, before the fragment is adopted into the page (an adopted `<img src>` starts fetching at once),
 * and becomes a "Load" box. Tags and attributes that fetch by other means (video, audio, srcset, poster,
 * background, ping, SVG) are not kept at all.
 */
export function createMarkdownRenderer(win: Window, media: MediaPolicy, baseUrl: string): RenderMarkdown {
  const purify = createDOMPurify(win as unknown as Parameters<typeof createDOMPurify>[0]);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && node.getAttribute('href') !== null) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
    if (node.nodeName === 'IMG') {
      node.removeAttribute(BLOCKED_SRC);
      const raw = node.getAttribute('src');
      if (raw === null) return;
      const resolved = resolve(raw, baseUrl);
      if (resolved !== null && media.allows(resolved)) {
        node.setAttribute('src', resolved);
        node.setAttribute('referrerpolicy', 'no-referrer');
        return;
      }
      node.removeAttribute('src');
      node.setAttribute(BLOCKED_SRC, resolved ?? raw);
    }
  });
  const sanitizeCode = (html: string): DocumentFragment => purify.sanitize(html, { RETURN_DOM_FRAGMENT: true, ALLOWED_TAGS: ['span'], ALLOWED_ATTR: ['class'] });
  return (markdown, options = {}) => {
    const html = options.escapeHtml ? textMarked.parse(markdown, { async: false }) : marked.parse(markdown, { async: false, gfm: true, breaks: true });
    const fragment = purify.sanitize(html, {
      RETURN_DOM_FRAGMENT: true,
      FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'video', 'audio', 'source', 'track', 'picture', 'svg', 'math'],
      FORBID_ATTR: ['style', 'srcset', 'poster', 'background', 'ping', 'action', 'formaction', 'xlink:href'],
    });
    for (const img of fragment.querySelectorAll<HTMLImageElement>(`img[${BLOCKED_SRC}]`)) {
      const src = img.getAttribute(BLOCKED_SRC) ?? '';
      img.replaceWith(createBlockedMedia(win.document, { kind: 'image', src, alt: img.getAttribute('alt') ?? '' }, media));
    }
    // An image left without a source (its srcset or a refused scheme removed) shows nothing anyway.
    for (const img of fragment.querySelectorAll('img:not([src])')) img.remove();
    enhanceCodeBlocks(fragment, win.document, sanitizeCode);
    return fragment;
  };
}

function resolve(src: string, baseUrl: string): string | null {
  const trimmed = src.trim();
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(trimmed)) return trimmed;
  try {
    const url = new URL(trimmed, baseUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
