import { createBlockParser, type Segment } from './block-parser.js';
import { interpretBlock } from './block-spec.js';
import { closeOpenMarkdown } from './close-open-markdown.js';
import { renderBlock, type BlockRenderDeps } from './render-block.js';

export interface MessageRenderer {
  /** Append one streamed token. */
  push(token: string): void;
  /** The reply is complete (or stopped): show anything still held back. */
  end(): void;
  /** The answer's text as the model wrote it (for Copy). */
  source(): string;
}

export interface MessageRendererOptions extends BlockRenderDeps {
  container: HTMLElement;
  baseUrl: string;
  maxBlockChars?: number;
  /** At most one markdown re-render of the growing text per this many ms while streaming (default 40). */
  renderIntervalMs?: number;
}

interface TextRun {
  element: HTMLElement;
  markdown: string;
  /** How much of `markdown` the last render covered; the rest shows as plain text until the next one. */
  rendered: number;
  tail: Text;
}

/** Characters that may start markdown syntax: text from one on waits for the next render instead of flickering. */
const SYNTAX = /[*_`#|[\]<>~!\\-]|^\d+\.|\n/;

/**
 * Binds the pure block parser to one message bubble: text between blocks is rendered as sanitized markdown
 * (raw HTML shown as text) and re-rendered as it grows, with half-written syntax closed first; blocks become
 * rendered elements.
 */
export function createMessageRenderer(options: MessageRendererOptions): MessageRenderer {
  const parser = createBlockParser({ maxBlockChars: options.maxBlockChars });
  const interval = options.renderIntervalMs ?? 40;
  let openText: TextRun | null = null;
  let dirty: TextRun | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastRender = 0;
  let raw = '';

  const render = (run: TextRun): void => {
    const fragment = options.renderMarkdown(closeOpenMarkdown(run.markdown), { escapeHtml: true });
    for (const node of [...fragment.childNodes]) if (node.nodeType === 3 && node.textContent?.trim() === '') node.remove();
    run.rendered = run.markdown.length;
    run.tail.data = '';
    run.element.replaceChildren(fragment);
  };
  /** Until the next render, the new plain words show at once (so text is never behind the stream). */
  const showTail = (run: TextRun): void => {
    const pending = run.markdown.slice(run.rendered);
    const stop = pending.search(SYNTAX);
    run.tail.data = stop === -1 ? pending : pending.slice(0, stop);
    if (run.tail.parentNode === null) (run.element.lastElementChild ?? run.element).append(run.tail);
  };
  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (dirty) render(dirty);
    dirty = null;
    lastRender = Date.now();
  };
  const schedule = (run: TextRun): void => {
    if (dirty && dirty !== run) render(dirty);
    dirty = run;
    const wait = interval - (Date.now() - lastRender);
    if (wait <= 0) flush();
    else timer ??= setTimeout(flush, wait);
  };

  const show = (segments: Segment[]): void => {
    for (const segment of segments) {
      if (segment.kind === 'text') {
        if (!openText) {
          const element = options.doc.createElement('div');
          element.className = 'md-text';
          options.container.append(element);
          openText = { element, markdown: '', rendered: 0, tail: options.doc.createTextNode('') };
        }
        openText.markdown += segment.text;
        schedule(openText);
        if (dirty === openText) showTail(openText);
        continue;
      }
      if (openText === dirty) flush();
      openText = null;
      options.container.append(renderBlock(interpretBlock(segment.json, options.baseUrl), options));
    }
  };

  return {
    push: (token) => {
      raw += token;
      show(parser.push(token));
    },
    end: () => {
      show(parser.end());
      flush();
    },
    source: () => raw,
  };
}
