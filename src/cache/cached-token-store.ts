import type { TokenStore } from '../ports/index.js';
import { createTtlCache } from './ttl-cache.js';

type ActiveToken = NonNullable<Awaited<ReturnType<TokenStore['findActive']>>>;

export interface TokenCacheOptions {
  /** How long a looked-up token is trusted without asking the database again. */
  ttlMs?: number;
  maxEntries?: number;
}

/**
 * Remembers `findActive` answers for `ttlMs` (1 s): one database lookup per token per second instead of one
 * per request. A revoke made through this store takes effect at once; any other change (another instance,
 * a user deleted) within `ttlMs`. Expiry is re-checked on every hit. Only hashes are keys, never tokens.
 */
export function cacheActiveTokens(inner: TokenStore, options: TokenCacheOptions = {}): TokenStore {
  const cache = createTtlCache<ActiveToken>({ ttlMs: options.ttlMs ?? 1_000, maxEntries: options.maxEntries ?? 10_000 });
  return {
    ...inner,
    async findActive(tokenHash, now) {
      const hit = cache.get(tokenHash);
      if (hit && (hit.token.expiresAt === null || hit.token.expiresAt > now)) return hit;
      const generation = cache.generation;
      const found = await inner.findActive(tokenHash, now);
      if (found) cache.set(tokenHash, found, generation);
      else cache.delete(tokenHash);
      return found;
    },
    async revoke(tokenId, userId, at) {
      cache.invalidate((value) => value.token.tokenId === tokenId);
      try {
        return await inner.revoke(tokenId, userId, at);
      } finally {
        cache.invalidate((value) => value.token.tokenId === tokenId); // a lookup racing the update must not re-cache it
      }
    },
  };
}
