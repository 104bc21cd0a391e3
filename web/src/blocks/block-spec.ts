import { safeImageSrc, safeVideoSrc } from './safe-url.js';

export interface MediaContent {
  src: string;
  alt?: string;
  additional?: unknown;
}

/** A block checked and ready to draw; `error` explains what was wrong with the JSON the model sent. */
export type Block =
  | { type: 'image'; src: string; alt: string; caption: string }
  | { type: 'video'; src: string; alt: string; caption: string; options: VideoOptions }
  | { type: 'markdown'; markdown: string }
  | { type: 'html'; html: string }
  | { type: 'json'; value: unknown }
  | { type: 'error'; message: string; raw: string };

export interface VideoOptions {
  autoplay: boolean;
  loop: boolean;
  muted: boolean;
  controls: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parse the JSON between the markers into a Block (never throws). */
export function interpretBlock(json: string, baseUrl: string): Block {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    return { type: 'error', message: `Invalid block JSON: ${(error as Error).message}`, raw: json };
  }
  if (!isRecord(parsed) || typeof parsed.type !== 'string') {
    return { type: 'error', message: 'A block needs a "type" field.', raw: json };
  }
  const content = parsed.content;
  switch (parsed.type) {
    case 'markdown':
    case 'html': {
      if (typeof content !== 'string') return { type: 'error', message: `A ${parsed.type} block needs string content.`, raw: json };
      return parsed.type === 'markdown' ? { type: 'markdown', markdown: content } : { type: 'html', html: content };
    }
    case 'json':
      return { type: 'json', value: content ?? null };
    case 'image':
    case 'video':
      return interpretMedia(parsed.type, content, json, baseUrl);
    default:
      return { type: 'error', message: `Unknown block type "${parsed.type}".`, raw: json };
  }
}

function interpretMedia(type: 'image' | 'video', content: unknown, raw: string, baseUrl: string): Block {
  if (!isRecord(content) || typeof content.src !== 'string') {
    return { type: 'error', message: `An ${type} block needs content.src.`, raw };
  }
  const src = type === 'image' ? safeImageSrc(content.src, baseUrl) : safeVideoSrc(content.src, baseUrl);
  if (src === null) {
    const allowed = type === 'image' ? 'http(s) or data:image/' : 'http(s)';
    return { type: 'error', message: `The ${type} source is not allowed (only ${allowed} URLs).`, raw };
  }
  const alt = typeof content.alt === 'string' ? content.alt : '';
  const extra = captionOf(content.additional);
  const caption = [alt, extra].filter((part, index, all): part is string => Boolean(part) && all.indexOf(part) === index).join(' — ');
  if (type === 'image') return { type, src, alt, caption };
  return { type, src, alt, caption, options: videoOptions(content.additional) };
}

/** `additional` is free-form in the wild: a caption string, or an object of player options. */
function captionOf(additional: unknown): string | null {
  if (typeof additional === 'string' && additional.trim() !== '') return additional;
  if (isRecord(additional) && typeof additional.caption === 'string') return additional.caption;
  return null;
}

function videoOptions(additional: unknown): VideoOptions {
  const flags = isRecord(additional) ? additional : {};
  const flag = (name: string, fallback: boolean): boolean => (typeof flags[name] === 'boolean' ? (flags[name] as boolean) : fallback);
  const autoplay = flag('autoplay', false);
  // Browsers only autoplay muted video.
  return { autoplay, loop: flag('loop', false), muted: flag('muted', autoplay), controls: flag('controls', true) };
}
