const MIN_HEIGHT_PX = 60;
const MAX_HEIGHT_PX = 640;
const INITIAL_HEIGHT_PX = 160;

/**
 * Inside the frame, report the content height to the parent. The frame has an opaque origin, so all it
 * can do is post a number, which the parent clamps.
 */
const SIZE_REPORTER = `<script>(function(){function r(){try{parent.postMessage({switchboardFrameHeight:Math.ceil(document.documentElement.scrollHeight)},"*")}catch(e){}}addEventListener("load",r);if(window.ResizeObserver){new ResizeObserver(r).observe(document.documentElement)}setTimeout(r,50)})()</script>`;

const FRAME_HEAD = `<!doctype html><meta charset="utf-8"><base target="_blank"><style>html,body{margin:0;padding:8px;font:14px/1.5 system-ui,sans-serif;color:#1f2937;background:#fff;box-sizing:border-box}img,video{max-width:100%;height:auto;display:block}</style>`;

export interface HtmlFrameOptions {
  /** The sandbox frame's address (`/sandbox-frame?media=…`): its own policy decides what the content may load. */
  frameSrc: string;
  title?: string;
  initialHeightPx?: number;
}

/**
 * HTML content in a frame: scripts may run, but only sandboxed without same-origin (no cookies, storage or
 * parent DOM). The frame is fetched from the server (a srcdoc would inherit the page's policy and could not
 * run scripts) and asks for its content once; it gets it once, so content that reloads or re-navigates the
 * frame (say, to a policy naming other origins) gets nothing the second time.
 */
export function createHtmlFrame(doc: Document, html: string, options: HtmlFrameOptions): HTMLIFrameElement {
  const frame = doc.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.setAttribute('title', options.title ?? 'HTML content from the agent');
  frame.className = 'block-html-frame';
  frame.style.height = `${options.initialHeightPx ?? INITIAL_HEIGHT_PX}px`;
  frame.src = options.frameSrc;
  let sent = false;
  const win = doc.defaultView;
  if (win) {
    const onMessage = (event: MessageEvent): void => {
      if (!frame.isConnected && frame.dataset.attached === '1') {
        win.removeEventListener('message', onMessage);
        return;
      }
      if (event.source === null || event.source !== frame.contentWindow) return;
      const data = event.data as { switchboardFrameHeight?: unknown; switchboardFrameReady?: unknown } | null;
      if (data?.switchboardFrameReady === true) {
        if (sent) return;
        sent = true;
        frame.dataset.loaded = '1';
        // The frame's origin is opaque, so '*' is the only target origin that reaches it.
        (event.source as Window).postMessage({ switchboardFrameHtml: FRAME_HEAD + html + SIZE_REPORTER }, '*');
        return;
      }
      const reported = data?.switchboardFrameHeight;
      if (typeof reported !== 'number' || !Number.isFinite(reported)) return;
      frame.style.height = `${Math.min(MAX_HEIGHT_PX, Math.max(MIN_HEIGHT_PX, reported))}px`;
    };
    win.addEventListener('message', onMessage);
    queueMicrotask(() => {
      frame.dataset.attached = '1';
    });
  }
  return frame;
}

/** One image or video the reader chose to load from an origin outside MEDIA_ORIGINS, drawn in a sandbox frame. */
export function createMediaFrame(doc: Document, media: { kind: 'image' | 'video'; src: string; alt: string }, frameSrc: string): HTMLIFrameElement {
  const src = escapeAttribute(media.src);
  const alt = escapeAttribute(media.alt);
  const html = media.kind === 'image' ? `<img src="${src}" alt="${alt}" referrerpolicy="no-referrer">` : `<video src="${src}" controls playsinline preload="metadata" aria-label="${alt}"></video>`;
  const frame = createHtmlFrame(doc, html, { frameSrc, title: media.alt || `${media.kind} from ${media.src}`, initialHeightPx: 200 });
  frame.classList.add('media-frame');
  return frame;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
