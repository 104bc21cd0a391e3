const MIN_HEIGHT_PX = 60;
const MAX_HEIGHT_PX = 640;
const INITIAL_HEIGHT_PX = 160;

/**
 * Inside the frame, report the content height to the parent. The frame has an opaque origin, so all it
 * can do is post a number, which the parent clamps.
 */
const SIZE_REPORTER = `<script>(function(){function r(){try{parent.postMessage({switchboardFrameHeight:Math.ceil(document.documentElement.scrollHeight)},"*")}catch(e){}}addEventListener("load",r);if(window.ResizeObserver){new ResizeObserver(r).observe(document.documentElement)}setTimeout(r,50)})()</script>`;

const FRAME_HEAD = `<!doctype html><meta charset="utf-8"><base target="_blank"><style>html,body{margin:0;padding:8px;font:14px/1.5 system-ui,sans-serif;color:#1f2937;background:#fff;box-sizing:border-box}</style>`;

/** An HTML block: scripts may run, but only in a sandbox without same-origin (no cookies, storage or parent DOM). */
export function createHtmlFrame(doc: Document, html: string): HTMLIFrameElement {
  const frame = doc.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.setAttribute('title', 'HTML content from the agent');
  frame.className = 'block-html-frame';
  frame.style.height = `${INITIAL_HEIGHT_PX}px`;
  frame.srcdoc = FRAME_HEAD + html + SIZE_REPORTER;
  const win = doc.defaultView;
  if (win) {
    const onMessage = (event: MessageEvent): void => {
      if (!frame.isConnected && frame.dataset.attached === '1') {
        win.removeEventListener('message', onMessage);
        return;
      }
      if (event.source !== frame.contentWindow) return;
      const reported = (event.data as { switchboardFrameHeight?: unknown } | null)?.switchboardFrameHeight;
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
