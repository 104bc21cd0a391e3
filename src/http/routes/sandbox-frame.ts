import { z } from 'zod';
import type { App } from '../app-types.js';

/** At most this many extra media origins in one frame's policy (the page sends MEDIA_ORIGINS plus one). */
const MAX_ORIGINS = 50;

const originList = z
  .string()
  .max(8_000)
  .transform((value, ctx) => {
    const origins: string[] = [];
    for (const item of value.split(',').map((part) => part.trim()).filter(Boolean)) {
      let url: URL | undefined;
      try {
        url = new URL(item);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== item.replace(/\/$/, '')) {
        ctx.addIssue({ code: 'custom', message: `media must be a comma list of http(s) origins, got "${item.slice(0, 100)}"` });
        return z.NEVER;
      }
      origins.push(url.origin);
    }
    if (origins.length > MAX_ORIGINS) {
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_ORIGINS} media origins` });
      return z.NEVER;
    }
    return origins;
  });

/**
 * The document HTML blocks (and media the reader chose to load) are drawn in. It cannot be a srcdoc, data:
 * or blob: frame: those inherit the page's policy, whose `script-src 'self'` would stop the block's own
 * scripts. This one is fetched, so it has its own policy: scripts run, but sandboxed to an opaque origin,
 * with no network except media from the origins the page names (decision 0505).
 */
export function sandboxFrameContentSecurityPolicy(mediaOrigins: readonly string[]): string {
  const media = ["'self'", 'data:', 'blob:', ...mediaOrigins].join(' ');
  return [
    'sandbox allow-scripts',
    "default-src 'none'",
    "script-src 'unsafe-inline'",
    "style-src 'unsafe-inline'",
    `img-src ${media}`,
    `media-src ${media}`,
    'font-src data:',
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/**
 * The frame's whole document: it asks its parent for the content once, then writes it in place. Only the
 * parent may send it (the check on `event.source`); the content is the parent's to choose anyway.
 */
export const SANDBOX_FRAME_HTML =
  '<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><script>' +
  '(function(){var done=false;addEventListener("message",function(e){' +
  'if(done||e.source!==parent)return;var d=e.data;if(!d||typeof d.switchboardFrameHtml!=="string")return;' +
  'done=true;document.open();document.write(d.switchboardFrameHtml);document.close()});' +
  'parent.postMessage({switchboardFrameReady:true},"*")})()</script>';

/** GET /sandbox-frame?media=<origins>: public and static apart from the media origins in its policy. */
export function registerSandboxFrameRoute(app: App): void {
  app.get(
    '/sandbox-frame',
    {
      config: { public: true },
      schema: { hide: true, querystring: z.object({ media: originList.optional() }) },
    },
    async (request, reply) =>
      reply
        .header('content-security-policy', sandboxFrameContentSecurityPolicy(request.query.media ?? []))
        .header('x-frame-options', 'SAMEORIGIN')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'public, max-age=300')
        .type('text/html; charset=utf-8')
        .send(SANDBOX_FRAME_HTML),
  );
}
