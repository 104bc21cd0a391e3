import { createBlockParser, type Segment } from './block-parser.js';
import { interpretBlock } from './block-spec.js';
import { renderBlock, type BlockRenderDeps } from './render-block.js';

export interface MessageRenderer {
  /** Append one streamed token. */
  push(token: string): void;
  /** The reply is complete (or stopped): show anything still held back. */
  end(): void;
}

export interface MessageRendererOptions extends BlockRenderDeps {
  container: HTMLElement;
  baseUrl: string;
  maxBlockChars?: number;
}

/** Binds the pure block parser to one message bubble: text goes in as text nodes, blocks as rendered elements. */
export function createMessageRenderer(options: MessageRendererOptions): MessageRenderer {
  const parser = createBlockParser({ maxBlockChars: options.maxBlockChars });
  let openText: Text | null = null;

  const show = (segments: Segment[]): void => {
    for (const segment of segments) {
      if (segment.kind === 'text') {
        if (openText) openText.appendData(segment.text);
        else {
          openText = options.doc.createTextNode(segment.text);
          options.container.append(openText);
        }
        continue;
      }
      openText = null;
      options.container.append(renderBlock(interpretBlock(segment.json, options.baseUrl), options));
    }
  };

  return {
    push: (token) => show(parser.push(token)),
    end: () => show(parser.end()),
  };
}
