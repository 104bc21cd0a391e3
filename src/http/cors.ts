import fastifyCors from '@fastify/cors';
import type { App } from './app-types.js';

/** Headers a browser client reads from our responses. */
const EXPOSED_HEADERS = ['x-request-id', 'retry-after', 'x-run-id', 'x-thread-id', 'x-vercel-ai-ui-message-stream'];
const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const ACCESS_CONTROL = /^access-control-|^vary$/i;

/**
 * CORS for browser clients on other origins (CORS_ORIGINS; off when empty). Bearer tokens only, so no
 * credentials mode. Registered before authentication: a preflight carries no token and is answered in the
 * hook. The allowed request headers are those the preflight asks for (the openai SDK sends its own
 * `x-stainless-*` headers); decision 1102.
 */
export async function registerCors(app: App, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  await app.register(fastifyCors, {
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ALLOWED_METHODS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600,
    strictPreflight: false,
  });
  // streaming routes write on the raw response (reply.hijack()), which never sees reply.header(): copy the
  // CORS headers there too; a normal reply's own headers still win when it is sent
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.origin === undefined) return;
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (ACCESS_CONTROL.test(name) && value !== undefined) reply.raw.setHeader(name, value as string);
    }
  });
}
