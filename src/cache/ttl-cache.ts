/**
 * A small map whose entries expire after `ttlMs` and whose size is bounded (oldest inserted go first).
 * `generation` lets a reader that started before an invalidation refuse to store what it read.
 */
export interface TtlCache<V> {
  get(key: string): V | undefined;
  /** Stores `value` unless the cache was invalidated since `generation` was taken. */
  set(key: string, value: V, generation: number): void;
  delete(key: string): void;
  /** Drops every entry for which `match` is true (or all of them) and starts a new generation. */
  invalidate(match?: (value: V) => boolean): void;
  readonly generation: number;
}

export function createTtlCache<V>(options: { ttlMs: number; maxEntries: number; nowMs?: () => number }): TtlCache<V> {
  const nowMs = options.nowMs ?? (() => performance.now());
  const entries = new Map<string, { value: V; storedAtMs: number }>();
  let generation = 0;
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (nowMs() - entry.storedAtMs >= options.ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, readGeneration) {
      if (readGeneration !== generation) return;
      entries.delete(key);
      entries.set(key, { value, storedAtMs: nowMs() });
      if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
    },
    delete(key) {
      entries.delete(key);
      generation++;
    },
    invalidate(match) {
      generation++;
      if (!match) {
        entries.clear();
        return;
      }
      for (const [key, entry] of entries) if (match(entry.value)) entries.delete(key);
    },
    get generation() {
      return generation;
    },
  };
}
