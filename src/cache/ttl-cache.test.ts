import { describe, expect, it } from 'vitest';
import { createTtlCache } from './ttl-cache.js';

describe('createTtlCache', () => {
  it('forgets an entry once its time is up', () => {
    let now = 0;
    const cache = createTtlCache<string>({ ttlMs: 1_000, maxEntries: 10, nowMs: () => now });
    cache.set('a', 'A', cache.generation);
    now = 999;
    expect(cache.get('a')).toBe('A');
    now = 1_000;
    expect(cache.get('a')).toBeUndefined();
  });

  it('refuses a value read before an invalidation', () => {
    const cache = createTtlCache<string>({ ttlMs: 1_000, maxEntries: 10 });
    const generation = cache.generation;
    cache.invalidate();
    cache.set('a', 'stale', generation);
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops only the entries an invalidation matches', () => {
    const cache = createTtlCache<string>({ ttlMs: 1_000, maxEntries: 10 });
    cache.set('a', 'A', cache.generation);
    cache.set('b', 'B', cache.generation);
    cache.invalidate((value) => value === 'A');
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, 'B']);
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const cache = createTtlCache<number>({ ttlMs: 1_000, maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) cache.set(key, 1, cache.generation);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 1, 1]);
  });
});
