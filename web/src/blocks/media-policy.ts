/**
 * Which media from model or tool output the page loads by itself (issue 16 item 4, decision 0505): same
 * origin, inline `data:image/…`, and the origins in MEDIA_ORIGINS. Anything else waits for the reader's "Load".
 */
export interface MediaPolicy {
  /** True when an image (or video) at `url` may load without asking; `url` is already resolved and http(s) or data:. */
  allows(url: string): boolean;
  /** The sandbox frame's address; `extraOrigin` is one more origin the reader chose to load from. */
  frameSrc(extraOrigin?: string): string;
}

export function createMediaPolicy(pageUrl: string, mediaOrigins: readonly string[]): MediaPolicy {
  const page = new URL(pageUrl);
  const listed = new Set<string>([page.origin]);
  for (const origin of mediaOrigins) {
    const parsed = originOf(origin);
    if (parsed) listed.add(parsed);
  }
  const extra = [...listed].filter((origin) => origin !== page.origin);
  return {
    allows(url) {
      if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(url)) return true;
      const origin = originOf(url);
      return origin !== null && listed.has(origin);
    },
    frameSrc(extraOrigin) {
      const origins = extraOrigin && !listed.has(extraOrigin) ? [...extra, extraOrigin] : extra;
      const frame = new URL('/sandbox-frame', page);
      if (origins.length > 0) frame.searchParams.set('media', origins.join(','));
      return frame.href;
    },
  };
}

/** The http(s) origin of a URL, or null. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}
