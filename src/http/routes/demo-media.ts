import type { App } from '../app-types.js';
import { DEMO_VIDEO_WEBM_BASE64 } from '../demo-media/demo-video.js';

/** Where the demo model's video block points: served by this server, so the demo works offline (issue 16 item 4). */
export const DEMO_VIDEO_PATH = '/demo-media/demo-video.webm';

/** The demo's media, same origin as the page (allowed by the media policy without MEDIA_ORIGINS). */
export function registerDemoMediaRoutes(app: App): void {
  const video = Buffer.from(DEMO_VIDEO_WEBM_BASE64, 'base64');
  app.get(DEMO_VIDEO_PATH, { config: { public: true }, schema: { tags: ['meta'], security: [], summary: "The demo model's video clip (WebM)" } }, async (_request, reply) =>
    reply.type('video/webm').header('cache-control', 'public, max-age=86400').send(video),
  );
}
