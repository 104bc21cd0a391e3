import { SlotMap } from '../domain/index.js';
import type { LockLease, LockResult, RunLocks } from '../ports/index.js';

interface Held {
  readonly runId: string;
  readonly fencingToken: number;
}

/**
 * Single-process locks. One counter serves every key: tokens still increase per key, and nothing is left
 * behind for a key once it is released (threads come and go; a per-key counter map would only grow).
 */
export function createMemoryRunLocks(): RunLocks {
  // a SlotMap, not a Map: entries come and go with every run (docs/decisions/0700)
  const held = new SlotMap<string, Held>();
  let lastFencingToken = 0;

  return {
    async tryAcquire(key: string, runId: string): Promise<LockResult> {
      const current = held.get(key);
      if (current) return { acquired: false, holderRunId: current.runId };
      const entry: Held = { runId, fencingToken: ++lastFencingToken };
      held.set(key, entry);
      const lease: LockLease = {
        key,
        runId,
        fencingToken: entry.fencingToken,
        lost: null, // in one process a lease cannot be taken away
        async release() {
          // Compare before delete: a stale lease must not free the key for its next holder.
          if (held.get(key) === entry) held.delete(key);
        },
      };
      return { acquired: true, lease };
    },

    async holder(key: string): Promise<string | null> {
      return held.get(key)?.runId ?? null;
    },

    async shutdown(): Promise<void> {},
  };
}
