import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LockLease, RunLocks } from '../ports/index.js';
import { abortedWithin } from './run-cancellation.contract.js';
import { describeRunLocksContract, leaseOf } from './run-locks.contract.js';
import { createRedisRunLocks, type RedisRunLocksOptions } from './redis-run-locks.js';
import { deleteKeysWithPrefix, redisTestUrl, uniqueKeyPrefix } from './redis-test-support.js';
import { sleep } from './run-event-log.contract.js';

const url = redisTestUrl();

/** A Redis lease can always be lost (its key expires): it always has a signal. */
function lostOf(lease: LockLease): AbortSignal {
  if (!lease.lost) throw new Error('a Redis lease has a lost signal');
  return lease.lost;
}

describe.skipIf(!url)('createRedisRunLocks', () => {
  const redisUrl = url!;
  const keyPrefix = uniqueKeyPrefix();
  const instances: RunLocks[] = [];
  const newLocks = (options: Partial<RedisRunLocksOptions> = {}): RunLocks => {
    const locks = createRedisRunLocks({ redis: redisUrl, keyPrefix, ...options });
    instances.push(locks);
    return locks;
  };
  let raw: Redis;
  beforeAll(() => {
    raw = new Redis(redisUrl);
  });
  afterAll(async () => {
    await Promise.all(instances.map((locks) => locks.shutdown()));
    await raw.quit();
    await deleteKeysWithPrefix(redisUrl, keyPrefix);
  });

  describeRunLocksContract('Redis, two instances', async () => ({
    first: newLocks(),
    second: newLocks(),
    shutdown: async () => {},
  }));

  it('keeps renewing a lease past leaseMs while its owner is alive', async () => {
    const owner = newLocks({ leaseMs: 600, renewEveryMs: 100 });
    const key = randomUUID();
    const lease = leaseOf(await owner.tryAcquire(key, 'run-1'));
    await sleep(1_500);
    expect(await newLocks().tryAcquire(key, 'run-2')).toEqual({ acquired: false, holderRunId: 'run-1' });
    expect(lostOf(lease).aborted).toBe(false);
    await lease.release();
  });

  it('lets another instance in once a dead owner stops renewing and its lease expires', async () => {
    const dying = createRedisRunLocks({ redis: redisUrl, keyPrefix, leaseMs: 1_000, renewEveryMs: 100 });
    const survivor = newLocks();
    const key = randomUUID();
    const stale = leaseOf(await dying.tryAcquire(key, 'run-1'));
    await dying.shutdown(); // stops renewals without releasing, like a crashed instance
    expect(await survivor.tryAcquire(key, 'run-2')).toEqual({ acquired: false, holderRunId: 'run-1' });
    await sleep(1_100);
    const next = leaseOf(await survivor.tryAcquire(key, 'run-2'));
    expect(next.fencingToken).toBeGreaterThan(stale.fencingToken);
    await next.release();
  });

  it('names the previous holder whose lease expired without a release, and nobody after a release', async () => {
    const dying = createRedisRunLocks({ redis: redisUrl, keyPrefix, leaseMs: 300, renewEveryMs: 100 });
    const survivor = createRedisRunLocks({ redis: redisUrl, keyPrefix });
    const key = randomUUID();
    expect(await dying.tryAcquire(key, 'run-1')).toMatchObject({ acquired: true, abandonedRunId: null });
    await dying.shutdown(); // a crash: no release
    await sleep(400);
    const next = await survivor.tryAcquire(key, 'run-2');
    expect(next).toMatchObject({ acquired: true, abandonedRunId: 'run-1' });
    await leaseOf(next).release();
    expect(await survivor.tryAcquire(key, 'run-3')).toMatchObject({ acquired: true, abandonedRunId: null });
    await survivor.shutdown();
  });

  it('signals lost when renewal finds the key owned by another run', async () => {
    const owner = newLocks({ leaseMs: 1_000, renewEveryMs: 100 });
    const key = randomUUID();
    const lease = leaseOf(await owner.tryAcquire(key, 'run-1'));
    await raw.set(`${keyPrefix}lock:${key}`, 'run-2', 'PX', 5_000); // as if it expired and was taken
    expect(await abortedWithin(lostOf(lease), 500)).toBe(true);
    expect(lostOf(lease).reason).toMatchObject({ name: 'AbortError' });
    await lease.release();
    expect(await owner.holder(key)).toBe('run-2'); // the stale owner's release leaves the new holder alone
  });

  it('signals lost when renewal finds the key gone', async () => {
    const owner = newLocks({ leaseMs: 1_000, renewEveryMs: 100 });
    const key = randomUUID();
    const lease = leaseOf(await owner.tryAcquire(key, 'run-1'));
    await raw.del(`${keyPrefix}lock:${key}`);
    expect(await abortedWithin(lostOf(lease), 500)).toBe(true);
  });

  it('gives the fencing counter an expiry so keys of finished threads do not pile up', async () => {
    const locks = newLocks({ fenceTtlMs: 60_000 });
    const key = randomUUID();
    await leaseOf(await locks.tryAcquire(key, 'run-1')).release();
    const ttl = await raw.pttl(`${keyPrefix}lock:${key}:fence`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});
