import fastifyHelmet from '@fastify/helmet';
import type { App } from './app-types.js';
import { contentSecurityPolicy } from './content-security-policy.js';

/**
 * Security headers on every response through @fastify/helmet (decision 1001): the page's CSP, nosniff,
 * Referrer-Policy: no-referrer, and helmet's other defaults. Register before any route so all inherit it.
 */
export async function registerSecurityHeaders(app: App, options: { mediaOrigins: readonly string[] }): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(options) },
    referrerPolicy: { policy: 'no-referrer' },
    // cross-origin isolation would block the MEDIA_ORIGINS images and videos the CSP allows
    crossOriginEmbedderPolicy: false,
  });
}
