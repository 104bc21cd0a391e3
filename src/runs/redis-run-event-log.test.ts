import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../domain/index.js';
import type { RunEventLog } from '../ports/index.js';
import { createRedisRunEventLog, type RedisRunEventLogOptions } from './redis-run-event-log.js';
import { describeRunEventLogContract, describeRunLogTakeoverContract, endEvent, sleep, tokenEvent, watch } from './run-event-log.contract.js';
import { deleteKeysWithPrefix, redisTestUrl, uniqueKeyPrefix } from './redis-test-support.js';

const url = redisTestUrl();

describe.skipIf(!url)('createRedisRunEventLog', () => {
  const redisUrl = url!;
  const keyPrefix = uniqueKeyPrefix();
  const logs: RunEventLog[] = [];
  const newLog = (options: Partial<RedisRunEventLogOptions> = {}): RunEventLog => {
    const log = createRedisRunEventLog({ redis: redisUrl, keyPrefix, ...options });
    logs.push(log);
    return log;
  };
  let raw: Redis;
  /** Until the writer's fire-and-forget open marker (or a stored stream) has reached Redis. */
  const visible = async (runId: string): Promise<void> => {
    const deadline = Date.now() + 2_000;
    while ((await raw.exists(`${keyPrefix}run:${runId}:open`, `${keyPrefix}run:${runId}:events`)) === 0) {
      if (Date.now() > deadline) throw new Error(`run ${runId} never became visible`);
      await sleep(2);
    }
  };
  beforeAll(() => {
    raw = new Redis(redisUrl);
  });
  afterAll(async () => {
    await Promise.all(logs.map((log) => log.shutdown()));
    await raw.quit();
    await deleteKeysWithPrefix(redisUrl, keyPrefix);
  });

  describeRunEventLogContract('Redis, watcher on the executing instance', async () => {
    const log = newLog();
    return { writer: log, reader: log, quietMs: 100, schedules: 10, visible, shutdown: async () => {} };
  });

  describeRunEventLogContract('Redis, watcher on another instance', async () => {
    return { writer: newLog(), reader: newLog(), quietMs: 150, schedules: 10, visible, shutdown: async () => {} };
  });

  describeRunLogTakeoverContract('Redis, another instance takes over', async () => {
    return { writer: newLog(), reader: newLog(), quietMs: 150, schedules: 0, visible, shutdown: async () => {} };
  });

  it('stores a run as one stream whose entry ids are the sequence numbers', async () => {
    const log = newLog();
    const runId = randomUUID();
    const writer = log.open(runId);
    writer.append(tokenEvent(1));
    writer.append(endEvent(runId));
    await writer.close();
    const entries = await raw.xrange(`${keyPrefix}run:${runId}:events`, '-', '+');
    expect(entries).toEqual([
      ['1-0', ['e', JSON.stringify(tokenEvent(1))]],
      ['2-0', ['e', JSON.stringify(endEvent(runId))]],
    ]);
  });

  it('starts the retention period at close, after which the run is gone for every instance', async () => {
    const writerLog = newLog({ retentionSeconds: 1 });
    const readerLog = newLog();
    const runId = randomUUID();
    const writer = writerLog.open(runId);
    await visible(runId);
    const early = await watch(readerLog, runId, 0);
    writer.append(endEvent(runId));
    await early.ended();
    expect(await raw.pttl(`${keyPrefix}run:${runId}:events`)).toBe(-1); // no expiry while running
    await writer.close();
    const ttl = await raw.pttl(`${keyPrefix}run:${runId}:events`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_000);
    expect(await readerLog.subscribe(runId, 0, () => {})).not.toBeNull();
    await sleep(1_200);
    expect(await readerLog.subscribe(runId, 0, () => {})).toBeNull();
    expect(await writerLog.subscribe(runId, 0, () => {})).toBeNull();
  });

  it('surfaces failed writes at close', async () => {
    const log = newLog();
    const runId = randomUUID();
    await raw.set(`${keyPrefix}run:${runId}:events`, 'not a stream'); // every XADD now fails with WRONGTYPE
    const writer = log.open(runId);
    expect(writer.append(tokenEvent(1))).toBe(1);
    await expect(writer.close()).rejects.toBeInstanceOf(UpstreamError);
  });

  it('serves every watched run of an instance over one shared blocking connection', async () => {
    let connections = 0;
    const readerLog = newLog({
      redis: () => {
        connections++;
        return new Redis(redisUrl);
      },
    });
    const writerLog = newLog();
    const runIds = Array.from({ length: 20 }, () => randomUUID());
    const writers = runIds.map((runId) => writerLog.open(runId));
    await Promise.all(runIds.map(visible));
    const watches = await Promise.all(runIds.map((runId) => watch(readerLog, runId, 0)));
    writers.forEach((writer, i) => {
      writer.append(tokenEvent(1));
      writer.append(endEvent(runIds[i]!));
    });
    await Promise.all(watches.map((w) => w.ended()));
    await Promise.all(writers.map((writer) => writer.close()));
    expect(watches.map((w) => w.seqs())).toEqual(runIds.map(() => [1, 2]));
    expect(connections).toBe(2); // commands + one blocking reader, not one per watcher
  });

  it('delivers a long run to a late watcher on another instance in read batches', async () => {
    const writerLog = newLog();
    const readerLog = newLog({ readBatchSize: 7 });
    const runId = randomUUID();
    const writer = writerLog.open(runId);
    for (let i = 1; i <= 100; i++) writer.append(tokenEvent(i));
    await visible(runId);
    const w = await watch(readerLog, runId, 10);
    writer.append(endEvent(runId));
    await w.ended();
    await writer.close();
    expect(w.seqs()).toEqual(Array.from({ length: 91 }, (_, i) => i + 11));
  });
});
