/**
 * The page's Content-Security-Policy, in one place (decision 1001). No inline script anywhere; images and videos
 * only from this origin, data:/blob: and the MEDIA_ORIGINS allowlist. Helmet sends it on every response; the web page
 * may adjust this function, and a route serving another kind of document (the sandboxed frame) sets its own.
 */
export function contentSecurityPolicy(options: { mediaOrigins: readonly string[] }): Record<string, string[]> {
  const media = [...options.mediaOrigins];
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...media],
    'media-src': ["'self'", 'data:', 'blob:', ...media],
    'connect-src': ["'self'"],
    'frame-src': ["'self'", 'blob:', 'data:'],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
  };
}
