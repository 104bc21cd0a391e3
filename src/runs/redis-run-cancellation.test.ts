import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunCancellation } from '../ports/index.js';
import { describeRunCancellationContract, registerProbe } from './run-cancellation.contract.js';
import { createRedisRunCancellation } from './redis-run-cancellation.js';
import { deleteKeysWithPrefix, redisTestUrl, uniqueKeyPrefix } from './redis-test-support.js';

const url = redisTestUrl();

describe.skipIf(!url)('createRedisRunCancellation', () => {
  const redisUrl = url!;
  const keyPrefix = uniqueKeyPrefix();
  const instances: RunCancellation[] = [];
  const newInstance = (): RunCancellation => {
    const cancellation = createRedisRunCancellation({ redis: redisUrl, keyPrefix });
    instances.push(cancellation);
    return cancellation;
  };
  afterAll(async () => {
    await Promise.all(instances.map((c) => c.shutdown()));
    await deleteKeysWithPrefix(redisUrl, keyPrefix);
  });

  describeRunCancellationContract('Redis, cancel arriving at another instance', async () => ({
    executor: newInstance(),
    canceller: newInstance(),
    shutdown: async () => {},
  }));

  describeRunCancellationContract('Redis, cancel arriving at the executing instance', async () => {
    const instance = newInstance();
    return { executor: instance, canceller: instance, shutdown: async () => {} };
  });

  it('tells a run whose cancel arrived just before it registered', async () => {
    const executor = newInstance();
    const runId = randomUUID();
    await newInstance().cancel(runId);
    expect(await registerProbe(executor, runId).calledWithin(1_000)).toBe(true);
  });

  it('tells a run registered on a freshly started instance that is not yet listening', async () => {
    const canceller = newInstance();
    const runId = randomUUID();
    const probe = registerProbe(newInstance(), runId);
    await canceller.cancel(runId);
    expect(await probe.calledWithin(1_000)).toBe(true);
  });
});
