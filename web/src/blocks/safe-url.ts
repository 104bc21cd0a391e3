/**
 * Media URLs a block may use. Only http(s) for everything, plus inline raster/vector images for `<img>`
 * (an SVG inside `<img>` cannot run script). Anything else (javascript:, file:, blob:, data:text/html) is refused.
 */
export function safeImageSrc(src: string, baseUrl: string): string | null {
  const trimmed = src.trim();
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(trimmed)) return trimmed;
  return httpUrl(trimmed, baseUrl);
}

export function safeVideoSrc(src: string, baseUrl: string): string | null {
  return httpUrl(src.trim(), baseUrl);
}

function httpUrl(src: string, baseUrl: string): string | null {
  if (src === '') return null;
  let url: URL;
  try {
    url = new URL(src, baseUrl);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}
