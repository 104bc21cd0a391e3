import type { Redis } from 'ioredis';
import { UpstreamError, type RunEvent, type SequencedEvent } from '../domain/index.js';
import type { Clock, RunEventLog, RunLogSubscription, RunLogWriter } from '../ports/index.js';
import { createMemoryRunEventLog } from './memory-run-event-log.js';
import { closeRedisConnection, openRedisConnection, type RedisConnectionSource } from './redis-connection.js';
import { redisKeys } from './redis-keys.js';
import { APPEND_TERMINAL_SCRIPT } from './redis-log-scripts.js';
import { pastEndListener } from './past-end-listener.js';
import { createRedisStreamReader, type RedisStreamReader } from './redis-stream-reader.js';

export interface RedisRunEventLogOptions {
  redis: RedisConnectionSource;
  /** Prepended to every key, e.g. "switchboard:". */
  keyPrefix?: string;
  /** How long a closed run stays replayable. Default 600 (10 minutes). */
  retentionSeconds?: number;
  /** Per-run event cap; past it `append` throws RunLogFullError except for `error` and `end`. */
  maxLen?: number;
  /** How long this instance keeps serving its own closed runs from memory. Default 30 s. */
  localRetentionMs?: number;
  /** Lifetime of the "run is open" marker if the writer dies without closing. Default 6 hours. */
  maxOpenSeconds?: number;
  /** Upper bound of one blocking XREAD; changes to the watched set interrupt it anyway. Default 5000. */
  blockMs?: number;
  /** Entries fetched per stream per XREAD. Default 500. */
  readBatchSize?: number;
  clock?: Clock;
  /** Connection and read errors (the reader retries by itself). */
  onError?: (error: unknown) => void;
  onListenerError?: (error: unknown, runId: string) => void;
}

/**
 * Redis Streams, one per run (`<prefix>run:<id>:events`, entry id `<seq>-0`, field `e` = event JSON).
 * The writer assigns seq locally and sends XADDs without awaiting them: one connection keeps them in
 * order, failures are collected and thrown by close(). Runs written by this instance are also served
 * from a local memory log, so the request that started a run streams without a Redis round trip.
 */
export function createRedisRunEventLog(options: RedisRunEventLogOptions): RunEventLog {
  const keyPrefix = options.keyPrefix ?? 'switchboard:';
  const retentionMs = (options.retentionSeconds ?? 600) * 1000;
  const maxOpenSeconds = options.maxOpenSeconds ?? 6 * 3600;
  const onError = options.onError ?? (() => {});
  const onListenerError = options.onListenerError ?? (() => {});
  const connectionOptions = options.onError ? { onError: options.onError } : {};
  const commands = openRedisConnection(options.redis, { enableAutoPipelining: true }, connectionOptions);
  const local = createMemoryRunEventLog({
    retentionMs: Math.min(options.localRetentionMs ?? 30_000, retentionMs),
    maxEventsPerRun: options.maxLen ?? 200_000,
    ...(options.clock ? { clock: options.clock } : {}),
    onListenerError,
  });
  const runIdOf = (streamKey: string): string =>
    streamKey.slice(redisKeys.runEvents(keyPrefix, '').length - ':events'.length, -':events'.length);
  let reader: RedisStreamReader | undefined;
  let blocking: Redis | undefined;

  function sharedReader(): RedisStreamReader {
    if (!reader) {
      blocking = openRedisConnection(options.redis, {}, connectionOptions);
      reader = createRedisStreamReader({
        blocking,
        commands,
        keyPrefix,
        blockMs: options.blockMs ?? 5_000,
        batchSize: options.readBatchSize ?? 500,
        onError,
        onListenerError: (error, streamKey) => onListenerError(error, runIdOf(streamKey)),
      });
    }
    return reader;
  }

  return {
    open(runId: string): RunLogWriter {
      const localWriter = local.open(runId);
      const streamKey = redisKeys.runEvents(keyPrefix, runId);
      const openKey = redisKeys.runOpen(keyPrefix, runId);
      let firstError: unknown;
      // One callback per run, not per event: it only records the first failure for close().
      const onWritten = (error?: Error | null): void => {
        if (error && firstError === undefined) firstError = error;
      };
      commands.set(openKey, '1', 'EX', maxOpenSeconds, onWritten);
      let closing: Promise<void> | undefined;

      async function close(): Promise<void> {
        await localWriter.close();
        // Replies on one connection come in order, so these resolve only after every XADD before them.
        await Promise.all([commands.pexpire(streamKey, retentionMs), commands.del(openKey)]).catch(onWritten);
        if (firstError !== undefined) {
          throw Object.assign(new UpstreamError('The run events could not be stored', { runId }), { cause: firstError });
        }
      }

      return {
        runId,
        append(event: RunEvent): number {
          const seq = localWriter.append(event);
          commands.xadd(streamKey, `${seq}-0`, 'e', JSON.stringify(event), onWritten);
          return seq;
        },
        close: () => (closing ??= close()),
      };
    },

    async subscribe(runId, afterSeq, listener): Promise<RunLogSubscription | null> {
      const own = await local.subscribe(runId, afterSeq, listener);
      if (own) return own;
      const streamKey = redisKeys.runEvents(keyPrefix, runId);
      const from = Math.max(0, Math.floor(afterSeq));
      const [exists, last] = await Promise.all([
        commands.exists(streamKey, redisKeys.runOpen(keyPrefix, runId)),
        commands.xrevrange(streamKey, '+', '-', 'COUNT', 2),
      ]);
      if (exists === 0) return null;
      const lastEntry = last[0];
      const lastSeq = lastEntry ? Number.parseInt(lastEntry[0], 10) : 0;
      if (lastEntry && lastSeq <= from && isEndEntry(lastEntry[1])) {
        // the run has ended and the caller has seen all of it, or is past it and gets its ending (decision 0405)
        const ending = pastEndListener(from, listener);
        for (const [id, fields] of [...last].reverse()) ending({ seq: Number.parseInt(id, 10), event: JSON.parse(fields[1] ?? 'null') as RunEvent });
        return { unsubscribe() {}, ended: true };
      }
      if (from > lastSeq) return sharedReader().watch(streamKey, lastSeq, pastEndListener(from, listener));
      return sharedReader().watch(streamKey, from, listener);
    },

    // Reads and takeovers go to Redis, never the local copy: they serve instances other than the writer's.
    async read(runId): Promise<SequencedEvent[] | null> {
      const streamKey = redisKeys.runEvents(keyPrefix, runId);
      const entries: SequencedEvent[] = [];
      let start = '-';
      for (;;) {
        const page = await commands.xrange(streamKey, start, '+', 'COUNT', READ_PAGE);
        for (const [id, fields] of page) entries.push({ seq: Number.parseInt(id, 10), event: JSON.parse(fields[1] ?? 'null') as RunEvent });
        if (page.length < READ_PAGE) break;
        start = `(${page[page.length - 1]![0]}`;
      }
      if (entries.length > 0) return entries;
      return (await commands.exists(redisKeys.runOpen(keyPrefix, runId))) === 1 ? entries : null;
    },

    async appendTerminal(runId, afterSeq, events): Promise<boolean> {
      const keys = [redisKeys.runEvents(keyPrefix, runId), redisKeys.runOpen(keyPrefix, runId)];
      const args = [Math.floor(afterSeq), retentionMs, ...events.map((event) => JSON.stringify(event))];
      return (await commands.eval(APPEND_TERMINAL_SCRIPT, keys.length, ...keys, ...args)) === 1;
    },

    async shutdown(): Promise<void> {
      await local.shutdown();
      await reader?.close();
      await closeRedisConnection(commands);
    },
  };
}

/** Entries per XRANGE page when reading a whole run. */
const READ_PAGE = 1_000;

function isEndEntry(fields: string[]): boolean {
  try {
    return (JSON.parse(fields[1] ?? 'null') as RunEvent | null)?.type === 'end';
  } catch {
    return false;
  }
}
