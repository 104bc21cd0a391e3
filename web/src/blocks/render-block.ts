import type { Block } from './block-spec.js';
import { createBlockedMedia } from './blocked-media.js';
import { createHtmlFrame } from './html-frame.js';
import type { RenderMarkdown } from './markdown.js';
import type { MediaPolicy } from './media-policy.js';

export interface BlockRenderDeps {
  doc: Document;
  renderMarkdown: RenderMarkdown;
  media: MediaPolicy;
}

/** Draw one checked block. Model text only ever reaches the DOM as textContent, attributes, or sanitized nodes. */
export function renderBlock(block: Block, deps: BlockRenderDeps): HTMLElement {
  const { doc } = deps;
  const el = (tag: string, className: string): HTMLElement => {
    const node = doc.createElement(tag);
    node.className = className;
    return node;
  };
  const wrapper = el('div', `block block-${block.type}`);
  wrapper.dataset.testid = `block-${block.type}`;
  switch (block.type) {
    case 'markdown': {
      wrapper.append(deps.renderMarkdown(block.markdown));
      return wrapper;
    }
    case 'html': {
      wrapper.append(createHtmlFrame(doc, block.html, { frameSrc: deps.media.frameSrc() }));
      return wrapper;
    }
    case 'json': {
      const details = doc.createElement('details');
      details.open = true;
      const summary = doc.createElement('summary');
      summary.textContent = `JSON · ${describeJson(block.value)}`;
      const pre = el('pre', 'block-json-body');
      pre.textContent = JSON.stringify(block.value, null, 2);
      details.append(summary, pre);
      wrapper.append(details);
      return wrapper;
    }
    case 'image':
    case 'video': {
      if (deps.media.allows(block.src)) return drawMedia(block, wrapper, doc);
      const figure = doc.createElement('figure');
      figure.append(createBlockedMedia(doc, { kind: block.type, src: block.src, alt: block.alt }, deps.media));
      appendCaption(doc, figure, block.caption);
      wrapper.append(figure);
      return wrapper;
    }
    case 'error': {
      wrapper.setAttribute('role', 'alert');
      const title = el('strong', 'block-error-title');
      title.textContent = 'Could not show this block';
      const message = el('div', 'block-error-message');
      message.textContent = block.message;
      const details = doc.createElement('details');
      const summary = doc.createElement('summary');
      summary.textContent = 'Raw content';
      const pre = doc.createElement('pre');
      pre.textContent = block.raw;
      details.append(summary, pre);
      wrapper.append(title, message, details);
      return wrapper;
    }
    default: {
      const exhaustive: never = block;
      throw new Error(`unknown block ${String(exhaustive)}`);
    }
  }
}

/** An image or video from an allowed origin, drawn in the page. */
function drawMedia(block: Extract<Block, { type: 'image' | 'video' }>, wrapper: HTMLElement, doc: Document): HTMLElement {
  const figure = doc.createElement('figure');
  if (block.type === 'image') {
    const img = doc.createElement('img');
    img.referrerPolicy = 'no-referrer';
    img.loading = 'lazy';
    img.alt = block.alt;
    img.src = block.src;
    figure.append(img);
  } else {
    const video = doc.createElement('video');
    video.src = block.src;
    video.controls = block.options.controls;
    video.autoplay = block.options.autoplay;
    video.loop = block.options.loop;
    video.muted = block.options.muted;
    video.playsInline = true;
    video.preload = 'metadata';
    if (block.alt) video.setAttribute('aria-label', block.alt);
    figure.append(video);
  }
  appendCaption(doc, figure, block.caption);
  wrapper.append(figure);
  return wrapper;
}

function appendCaption(doc: Document, figure: HTMLElement, caption: string): void {
  if (!caption) return;
  const figcaption = doc.createElement('figcaption');
  figcaption.textContent = caption;
  figure.append(figcaption);
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return `array · ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).length;
    return `object · ${keys} key${keys === 1 ? '' : 's'}`;
  }
  return value === null ? 'null' : typeof value;
}
