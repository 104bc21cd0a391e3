import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LockLease, LockResult, RunLocks } from '../ports/index.js';

/** Shared behaviour of every RunLocks. Imported by each implementation's test file, never run alone. */
export interface RunLocksHarness {
  /** Two instances (or the same one twice) competing for keys. */
  first: RunLocks;
  second: RunLocks;
  shutdown(): Promise<void>;
}

export function leaseOf(result: LockResult): LockLease {
  if (!result.acquired) throw new Error(`expected the lock, but ${result.holderRunId} holds it`);
  return result.lease;
}

export function describeRunLocksContract(name: string, setup: () => Promise<RunLocksHarness>): void {
  describe(`RunLocks contract: ${name}`, () => {
    let h: RunLocksHarness;
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => {
      await h?.shutdown();
    });
    const newKey = () => `agent:a1:user:u1:thread:${randomUUID()}`;

    it('grants a free key and tells the next run who holds it', async () => {
      const key = newKey();
      const lease = leaseOf(await h.first.tryAcquire(key, 'run-1'));
      expect(lease).toMatchObject({ key, runId: 'run-1' });
      expect(await h.second.tryAcquire(key, 'run-2')).toEqual({ acquired: false, holderRunId: 'run-1' });
      await lease.release();
    });

    it('reports the holder of a key, and null for a free one', async () => {
      const key = newKey();
      expect(await h.second.holder(key)).toBeNull();
      const lease = leaseOf(await h.first.tryAcquire(key, 'run-1'));
      expect(await h.second.holder(key)).toBe('run-1');
      await lease.release();
      expect(await h.second.holder(key)).toBeNull();
    });

    it('lets the next run in once the lease is released', async () => {
      const key = newKey();
      await leaseOf(await h.first.tryAcquire(key, 'run-1')).release();
      const next = leaseOf(await h.second.tryAcquire(key, 'run-2'));
      expect(next.runId).toBe('run-2');
      await next.release();
    });

    it('ignores a second release, which never frees the next holder', async () => {
      const key = newKey();
      const stale = leaseOf(await h.first.tryAcquire(key, 'run-1'));
      await stale.release();
      const current = leaseOf(await h.second.tryAcquire(key, 'run-2'));
      await stale.release();
      expect(await h.first.holder(key)).toBe('run-2');
      await current.release();
    });

    it('increases the fencing token with every acquisition of a key', async () => {
      const key = newKey();
      const tokens: number[] = [];
      for (const [i, locks] of [h.first, h.second, h.first].entries()) {
        const lease = leaseOf(await locks.tryAcquire(key, `run-${i}`));
        tokens.push(lease.fencingToken);
        await lease.release();
      }
      expect(tokens[1]).toBeGreaterThan(tokens[0]!);
      expect(tokens[2]).toBeGreaterThan(tokens[1]!);
    });

    it('does not let different keys exclude each other', async () => {
      const a = leaseOf(await h.first.tryAcquire(newKey(), 'run-1'));
      const b = leaseOf(await h.second.tryAcquire(newKey(), 'run-2'));
      await Promise.all([a.release(), b.release()]);
    });

    it('grants exactly one of many simultaneous attempts', async () => {
      const key = newKey();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? h.first : h.second).tryAcquire(key, `run-${i}`)),
      );
      const winners = results.filter((r) => r.acquired);
      expect(winners).toHaveLength(1);
      const winner = leaseOf(winners[0]!);
      expect(results.filter((r) => !r.acquired)).toEqual(
        Array(19).fill({ acquired: false, holderRunId: winner.runId }),
      );
      await winner.release();
    });

    it('does not signal lost for a lease that is still held', async () => {
      const lease = leaseOf(await h.first.tryAcquire(newKey(), 'run-1'));
      // null: a lease that can never be lost (one process)
      expect(lease.lost?.aborted ?? false).toBe(false);
      await lease.release();
      expect(lease.lost?.aborted ?? false).toBe(false);
    });
  });
}
