import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SlotMap, type RunEvent, type SequencedEvent } from '../domain/index.js';
import type { RunLogSubscription } from '../ports/index.js';
import { redisKeys } from './redis-keys.js';

export interface RedisStreamReaderOptions {
  /** Dedicated connection for the blocking XREAD; the reader owns it and disconnects it on close. */
  blocking: Redis;
  /** Shared command connection, used only to wake the blocking call when the watched set changes. */
  commands: Redis;
  keyPrefix: string;
  blockMs: number;
  batchSize: number;
  onError: (error: unknown) => void;
  onListenerError: (error: unknown, streamKey: string) => void;
}

interface Watcher {
  /** seq of the last entry handed to this watcher (or the subscriber's afterSeq). */
  cursor: number;
  readonly listener: (entry: SequencedEvent) => void;
  active: boolean;
}

type StreamEntries = [id: string, fields: string[]][];

export interface RedisStreamReader {
  watch(streamKey: string, afterSeq: number, listener: (entry: SequencedEvent) => void): RunLogSubscription;
  close(): Promise<void>;
}

/**
 * One blocking connection serves every watched run stream of this instance: a single XREAD BLOCK names
 * all of them. Replay and live tail are the same read (XREAD from the watcher's cursor), so each watcher
 * gets every entry exactly once, in order. Adding a watcher writes to a private "wake" stream that the
 * pending XREAD also names, which makes it return and be re-issued with the new set, without races.
 */
export function createRedisStreamReader(options: RedisStreamReaderOptions): RedisStreamReader {
  const { blocking, commands, keyPrefix, blockMs, batchSize, onError, onListenerError } = options;
  const wakeKey = redisKeys.readerWake(keyPrefix, randomUUID());
  // a SlotMap, not a Map: entries come and go with every stream (docs/decisions/0700)
  const watches = new SlotMap<string, Watcher[]>();
  let lastWakeId = '0-0';
  let running = false;
  let closed = false;

  function remove(streamKey: string, watcher: Watcher): void {
    watcher.active = false;
    const remaining = (watches.get(streamKey) ?? []).filter((w) => w !== watcher);
    if (remaining.length > 0) watches.set(streamKey, remaining);
    else watches.delete(streamKey);
  }

  function wake(): void {
    if (!running) {
      void loop();
      return;
    }
    commands
      .multi()
      .xadd(wakeKey, 'MAXLEN', '1', '*', 'w', '1')
      .pexpire(wakeKey, Math.max(60_000, blockMs * 4))
      .exec()
      .catch(onError);
  }

  /**
   * `fromSeq` is where this XREAD started for the stream. A watcher whose cursor is behind it joined while
   * the read was in flight: these entries would skip some of its events, so it waits for the next read.
   */
  function deliver(streamKey: string, fromSeq: number, entries: StreamEntries): void {
    for (const [id, fields] of entries) {
      const watchers = watches.get(streamKey);
      if (!watchers) return;
      const seq = Number.parseInt(id, 10); // ids are "<seq>-0"
      let entry: SequencedEvent | undefined;
      for (const watcher of watchers) {
        if (!watcher.active || seq <= watcher.cursor || watcher.cursor < fromSeq) continue;
        watcher.cursor = seq;
        try {
          entry ??= { seq, event: JSON.parse(fields[1] ?? 'null') as RunEvent };
        } catch (error) {
          onError(error); // our own writer wrote it; a broken entry is skipped, not retried forever
          continue;
        }
        try {
          watcher.listener(entry);
        } catch (error) {
          remove(streamKey, watcher);
          onListenerError(error, streamKey);
          continue;
        }
        if (entry.event.type === 'end') remove(streamKey, watcher);
      }
    }
  }

  async function loop(): Promise<void> {
    running = true;
    let failures = 0;
    while (!closed && watches.size > 0) {
      const keys: string[] = [wakeKey];
      const ids: string[] = [lastWakeId];
      const fromSeqs = new Map<string, number>();
      watches.forEach((watchers, streamKey) => {
        const fromSeq = Math.min(...watchers.map((w) => w.cursor));
        fromSeqs.set(streamKey, fromSeq);
        keys.push(streamKey);
        ids.push(`${fromSeq}-0`);
      });
      let reply: [key: string, entries: StreamEntries][] | null;
      try {
        reply = await blocking.xread('COUNT', batchSize, 'BLOCK', blockMs, 'STREAMS', ...keys, ...ids);
        failures = 0;
      } catch (error) {
        if (closed) break;
        onError(error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** failures++)));
        continue;
      }
      for (const [streamKey, entries] of reply ?? []) {
        if (streamKey === wakeKey) lastWakeId = entries[entries.length - 1]?.[0] ?? lastWakeId;
        else deliver(streamKey, fromSeqs.get(streamKey) ?? 0, entries);
      }
    }
    running = false;
  }

  return {
    watch(streamKey, afterSeq, listener) {
      if (closed) throw new Error('The run event reader is shut down');
      const watcher: Watcher = { cursor: afterSeq, listener, active: true };
      watches.set(streamKey, [...(watches.get(streamKey) ?? []), watcher]);
      wake();
      return { unsubscribe: () => remove(streamKey, watcher) };
    },

    async close(): Promise<void> {
      closed = true;
      watches.forEach((watchers) => watchers.forEach((watcher) => (watcher.active = false)));
      watches.clear();
      blocking.disconnect(); // rejects the pending XREAD; the loop sees `closed` and stops
      await commands.del(wakeKey).catch(onError);
    },
  };
}
