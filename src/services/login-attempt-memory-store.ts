import type { Clock } from '../ports/index.js';
import { lockMsAfter, type LoginAttemptStore } from './login-attempt-store.js';

interface Entry {
  count: number;
  expiresAt: number;
  lockedUntil: number;
}

/** Bound on remembered keys: spraying random e-mails cannot grow the process without limit. */
const MAX_KEYS = 100_000;

/** Login counters for a single instance (no REDIS_URL). Each method body is synchronous, hence atomic. */
export function createMemoryLoginAttemptStore(clock: Pick<Clock, 'now'>, maxKeys = MAX_KEYS): LoginAttemptStore {
  const entries = new Map<string, Entry>();
  const now = () => clock.now().getTime();

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function put(key: string, entry: Entry): void {
    entries.delete(key); // re-insert so Map order is least-recently-written first
    entries.set(key, entry);
    if (entries.size <= maxKeys) return;
    const t = now();
    for (const [k, e] of entries) if (e.expiresAt <= t) entries.delete(k);
    for (const k of entries.keys()) {
      if (entries.size <= maxKeys) break;
      entries.delete(k);
    }
  }

  return {
    async attempt(key, policy) {
      const t = now();
      const entry = live(key);
      if (entry && entry.lockedUntil > t) return { admitted: false, lockedMs: entry.lockedUntil - t };
      const count = (entry?.count ?? 0) + 1;
      const lockMs = lockMsAfter(count, policy);
      put(key, { count, expiresAt: t + Math.max(policy.windowMs, lockMs), lockedUntil: lockMs > 0 ? t + lockMs : 0 });
      return { admitted: true, count };
    },
    async clear(key) {
      entries.delete(key);
    },
    async remember(key, ttlMs) {
      put(key, { count: 0, expiresAt: now() + ttlMs, lockedUntil: 0 });
    },
    async isRemembered(key) {
      return live(key) !== undefined;
    },
    async close() {
      entries.clear();
    },
  };
}
