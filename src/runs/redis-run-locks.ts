import { SlotList } from '../domain/index.js';
import type { LockLease, LockResult, RunLocks } from '../ports/index.js';
import { closeRedisConnection, openRedisConnection, type RedisConnectionSource } from './redis-connection.js';
import { redisKeys } from './redis-keys.js';
import { ACQUIRE_LOCK_SCRIPT, RELEASE_LOCK_SCRIPT, RENEW_LOCK_SCRIPT } from './redis-lock-scripts.js';

export interface RedisRunLocksOptions {
  redis: RedisConnectionSource;
  keyPrefix?: string;
  /** How long a lease lives without renewal: the time a dead instance blocks a thread. Default 15000. */
  leaseMs?: number;
  /** Renewal period; must be well under leaseMs. Default 5000. */
  renewEveryMs?: number;
  /** A key's fencing counter outlives its last acquisition by this much. Default 24 hours. */
  fenceTtlMs?: number;
  onError?: (error: unknown) => void;
}

interface HeldLease {
  readonly lockKey: string;
  readonly runId: string;
  readonly lost: AbortController;
  /** Until when Redis has confirmed the lease is ours (local clock). */
  confirmedUntilMs: number;
  /** Its place in `held`; -1 once released or lost. */
  slot: number;
}

/**
 * Fail-fast leases in Redis: SET NX PX plus a per-key fencing counter, renewed by one shared timer for
 * all leases of this instance (pipelined), released by compare-and-delete. A lease that renewal finds
 * gone, taken, or unconfirmable past its expiry aborts `lost`.
 */
export function createRedisRunLocks(options: RedisRunLocksOptions): RunLocks {
  const keyPrefix = options.keyPrefix ?? 'switchboard:';
  const leaseMs = options.leaseMs ?? 15_000;
  const renewEveryMs = options.renewEveryMs ?? 5_000;
  const fenceTtlMs = options.fenceTtlMs ?? 24 * 3600_000;
  const onError = options.onError ?? (() => {});
  if (renewEveryMs >= leaseMs) throw new Error('renewEveryMs must be shorter than leaseMs');
  const redis = openRedisConnection(options.redis, { enableAutoPipelining: true }, options.onError ? { onError } : {});
  // a SlotList, not a Set: a Set's table left behind by V8 would keep finished runs alive (docs/decisions/0700)
  const held = new SlotList<HeldLease>();

  /** Takes `lease` out of `held`; false if it was no longer there. */
  function drop(lease: HeldLease): boolean {
    if (lease.slot < 0) return false;
    held.remove(lease.slot, lease);
    lease.slot = -1;
    if (held.size === 0) stopRenewing();
    return true;
  }
  let renewTimer: NodeJS.Timeout | undefined;

  function markLost(lease: HeldLease): void {
    if (!drop(lease)) return;
    lease.lost.abort(new DOMException(`The lock held by run ${lease.runId} was lost`, 'AbortError'));
  }

  async function renew(lease: HeldLease): Promise<void> {
    const sentAtMs = Date.now();
    try {
      const extended = await redis.eval(RENEW_LOCK_SCRIPT, 1, lease.lockKey, lease.runId, leaseMs);
      if (lease.slot < 0) return; // released meanwhile
      if (extended === 1) lease.confirmedUntilMs = sentAtMs + leaseMs;
      else markLost(lease);
    } catch (error) {
      onError(error);
      if (Date.now() >= lease.confirmedUntilMs) markLost(lease); // cannot prove it is still ours
    }
  }

  function renewAll(): void {
    const nowMs = Date.now();
    held.forEach((lease) => {
      if (nowMs >= lease.confirmedUntilMs) markLost(lease);
      else void renew(lease);
    });
  }

  function stopRenewing(): void {
    if (renewTimer) clearInterval(renewTimer);
    renewTimer = undefined;
  }

  return {
    async tryAcquire(key: string, runId: string): Promise<LockResult> {
      const lockKey = redisKeys.lock(keyPrefix, key);
      const sentAtMs = Date.now();
      const holderKey = redisKeys.lockHolder(keyPrefix, key);
      const reply = (await redis.eval(
        ACQUIRE_LOCK_SCRIPT,
        3,
        lockKey,
        redisKeys.lockFence(keyPrefix, key),
        holderKey,
        runId,
        leaseMs,
        fenceTtlMs,
      )) as [0 | 1, number | string | null, string | null | undefined];
      if (reply[0] === 0) {
        // Inside one script the key cannot vanish between SET and GET; `?? ''` only satisfies the type.
        return { acquired: false, holderRunId: String(reply[1] ?? '') };
      }
      const state: HeldLease = { lockKey, runId, lost: new AbortController(), confirmedUntilMs: sentAtMs + leaseMs, slot: -1 };
      state.slot = held.add(state);
      if (!renewTimer) {
        renewTimer = setInterval(renewAll, renewEveryMs);
        renewTimer.unref();
      }
      let releasing: Promise<void> | undefined;
      const lease: LockLease = {
        key,
        runId,
        fencingToken: Number(reply[1]),
        lost: state.lost.signal,
        release: () =>
          (releasing ??= (async () => {
            drop(state);
            // A failed release is not the caller's problem: the lease simply expires after leaseMs.
            await redis.eval(RELEASE_LOCK_SCRIPT, 2, lockKey, holderKey, runId).catch(onError);
          })()),
      };
      const result: LockResult = { acquired: true, lease, abandonedRunId: reply[2] ?? null };
      return result;
    },

    async holder(key: string): Promise<string | null> {
      return redis.get(redisKeys.lock(keyPrefix, key));
    },

    async shutdown(): Promise<void> {
      stopRenewing();
      held.forEach((lease) => (lease.slot = -1));
      held.clear();
      await closeRedisConnection(redis);
    },
  };
}
