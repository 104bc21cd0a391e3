import type { Block } from './block-spec.js';
import { createHtmlFrame } from './html-frame.js';
import type { RenderMarkdown } from './markdown.js';

export interface BlockRenderDeps {
  doc: Document;
  renderMarkdown: RenderMarkdown;
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
      wrapper.append(createHtmlFrame(doc, block.html));
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
    case 'image': {
      const figure = doc.createElement('figure');
      const img = doc.createElement('img');
      img.src = block.src;
      img.alt = block.alt;
      img.loading = 'lazy';
      img.referrerPolicy = 'no-referrer';
      figure.append(img);
      appendCaption(doc, figure, block.caption);
      wrapper.append(figure);
      return wrapper;
    }
    case 'video': {
      const figure = doc.createElement('figure');
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
