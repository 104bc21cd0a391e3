import { ConflictError, isTerminal, type RunEvent, type SequencedEvent } from '../domain/index.js';
import { systemClock, type Clock, type RunEventLog, type RunLogSubscription, type RunLogWriter } from '../ports/index.js';
import { estimateEventBytes } from './estimate-event-bytes.js';
import { pastEndListener } from './past-end-listener.js';
import { RunLogFullError } from './run-log-full-error.js';

export interface MemoryRunEventLogOptions {
  /** How long a closed log stays replayable. Default 10 minutes. */
  retentionMs?: number;
  /** Logs held at once; the oldest closed ones are evicted first. Running logs are never evicted. */
  maxRuns?: number;
  /** Past this, `append` throws RunLogFullError for everything but `error` and `end`. */
  maxEventsPerRun?: number;
  /** Estimated heap for all logs; the oldest closed logs are evicted first when it is exceeded. */
  maxTotalBytes?: number;
  /** How often expired logs are dropped (one shared, unref'd timer). */
  sweepIntervalMs?: number;
  clock?: Clock;
  /** A listener that throws is unsubscribed and reported here; the writer never sees the error. */
  onListenerError?: (error: unknown, runId: string) => void;
}

type Listener = (entry: SequencedEvent) => void;

interface Subscriber {
  readonly afterSeq: number;
  readonly listener: Listener;
  active: boolean;
}

/**
 * A stored event. Token events (nearly all of them) are kept as their bare text, seq = index + 1: two objects
 * fewer per token, which is most of a long run's memory (docs/decisions/0700). Other events stay whole.
 */
type StoredEntry = SequencedEvent | string;

interface RunLog {
  readonly runId: string;
  /** entryAt(log, i).seq === i + 1 */
  readonly entries: StoredEntry[];
  /** Copy-on-write, so a delivery loop in progress is never disturbed by (un)subscribes. */
  subscribers: Subscriber[];
  /** How many entries live subscribers have been handed; lags `entries.length` only during re-entrant appends. */
  delivered: number;
  delivering: boolean;
  ended: boolean;
  closedAtMs: number;
  bytes: number;
}

function entryAt(log: RunLog, index: number): SequencedEvent {
  const stored = log.entries[index]!;
  return typeof stored === 'string' ? { seq: index + 1, event: { type: 'token', token: stored } } : stored;
}

/** Events accepted past `maxEventsPerRun`, reserved for the run's `error` and `end`. */
const TERMINAL_HEADROOM = 16;

export function createMemoryRunEventLog(options: MemoryRunEventLogOptions = {}): RunEventLog {
  const retentionMs = options.retentionMs ?? 10 * 60_000;
  const maxRuns = options.maxRuns ?? 10_000;
  const maxEventsPerRun = options.maxEventsPerRun ?? 200_000;
  const maxTotalBytes = options.maxTotalBytes ?? 256 * 1024 * 1024;
  const sweepIntervalMs = options.sweepIntervalMs ?? Math.max(1_000, Math.min(60_000, retentionMs / 4));
  const clock = options.clock ?? systemClock;
  const onListenerError = options.onListenerError ?? (() => {});

  const logs = new Map<string, RunLog>();
  /** Closed logs in closing order: iteration starts at the oldest. */
  const closed = new Map<string, RunLog>();
  let totalBytes = 0;
  let sweepTimer: NodeJS.Timeout | undefined;

  function drop(log: RunLog): void {
    logs.delete(log.runId);
    closed.delete(log.runId);
    totalBytes -= log.bytes;
    log.subscribers = [];
    if (closed.size === 0) stopSweeping();
  }

  function evictClosedWhileOver(extraRuns: number): void {
    for (const log of closed.values()) {
      if (logs.size + extraRuns <= maxRuns && totalBytes <= maxTotalBytes) return;
      drop(log);
    }
  }

  function isExpired(log: RunLog, nowMs: number): boolean {
    return log.closedAtMs >= 0 && nowMs - log.closedAtMs >= retentionMs;
  }

  function sweep(): void {
    const nowMs = clock.now().getTime();
    for (const log of closed.values()) {
      if (!isExpired(log, nowMs)) return; // closing order: everything after is younger
      drop(log);
    }
  }

  function startSweeping(): void {
    if (sweepTimer) return;
    sweepTimer = setInterval(sweep, sweepIntervalMs);
    sweepTimer.unref();
  }

  function stopSweeping(): void {
    if (sweepTimer) clearInterval(sweepTimer);
    sweepTimer = undefined;
  }

  function removeSubscriber(log: RunLog, subscriber: Subscriber): void {
    subscriber.active = false;
    log.subscribers = log.subscribers.filter((s) => s !== subscriber);
  }

  /** Hands out every entry not yet delivered; a re-entrant append only queues and the outer loop picks it up. */
  function deliverPending(log: RunLog): void {
    log.delivering = true;
    try {
      while (log.delivered < log.entries.length) {
        const entry = entryAt(log, log.delivered++);
        const subscribers = log.subscribers;
        for (let i = 0; i < subscribers.length; i++) {
          const subscriber = subscribers[i]!;
          if (!subscriber.active || entry.seq <= subscriber.afterSeq) continue;
          try {
            subscriber.listener(entry);
          } catch (error) {
            removeSubscriber(log, subscriber);
            onListenerError(error, log.runId);
          }
        }
      }
    } finally {
      log.delivering = false;
    }
    if (log.ended || log.closedAtMs >= 0) detachAll(log);
  }

  function detachAll(log: RunLog): void {
    for (const subscriber of log.subscribers) subscriber.active = false;
    log.subscribers = [];
  }

  function append(log: RunLog, event: RunEvent): number {
    if (log.ended || log.closedAtMs >= 0) {
      throw new Error(`Run ${log.runId} has already ${log.ended ? 'ended' : 'been closed'}; nothing may be appended`);
    }
    const count = log.entries.length;
    if (count >= maxEventsPerRun) {
      const terminal = event.type === 'end' || event.type === 'error';
      if (!terminal || count >= maxEventsPerRun + TERMINAL_HEADROOM) throw new RunLogFullError(log.runId, maxEventsPerRun);
    }
    const seq = count + 1;
    log.entries.push(event.type === 'token' ? event.token : { seq, event });
    const bytes = estimateEventBytes(event);
    log.bytes += bytes;
    totalBytes += bytes;
    if (isTerminal(event)) log.ended = true;
    if (totalBytes > maxTotalBytes) evictClosedWhileOver(0);
    if (!log.delivering) deliverPending(log);
    return seq;
  }

  function close(log: RunLog): void {
    if (log.closedAtMs >= 0) return;
    log.closedAtMs = clock.now().getTime();
    if (!log.delivering) detachAll(log);
    closed.set(log.runId, log);
    startSweeping();
  }

  return {
    open(runId: string): RunLogWriter {
      if (logs.has(runId)) throw new ConflictError('This run already has an event log', { runId });
      evictClosedWhileOver(1);
      const log: RunLog = {
        runId,
        entries: [],
        subscribers: [],
        delivered: 0,
        delivering: false,
        ended: false,
        closedAtMs: -1,
        bytes: 0,
      };
      logs.set(runId, log);
      return {
        runId,
        append: (event) => append(log, event),
        close: async () => close(log),
      };
    },

    // Not `async` on purpose: replay and attach must happen in the caller's tick, before any append can run.
    subscribe(runId, afterSeq, listener): Promise<RunLogSubscription | null> {
      const log = logs.get(runId);
      if (!log) return Promise.resolve(null);
      if (isExpired(log, clock.now().getTime())) {
        drop(log);
        return Promise.resolve(null);
      }
      const requested = Math.max(0, Math.floor(afterSeq));
      // past the end of what is stored: the last two entries and what follows, through the ending filter
      const pastEnd = requested > log.delivered;
      const from = pastEnd ? Math.max(0, log.delivered - 2) : requested;
      const deliver = pastEnd ? pastEndListener(requested, listener) : listener;
      try {
        for (let i = from; i < log.delivered; i++) deliver(entryAt(log, i));
      } catch (error) {
        return Promise.reject(error);
      }
      const finished = (log.ended && log.delivered === log.entries.length) || (log.closedAtMs >= 0 && !log.delivering);
      if (finished) return Promise.resolve({ unsubscribe() {}, ended: true });
      const subscriber: Subscriber = { afterSeq: from, listener: deliver, active: true };
      log.subscribers = [...log.subscribers, subscriber];
      return Promise.resolve({ unsubscribe: () => removeSubscriber(log, subscriber) });
    },

    async read(runId) {
      const log = logs.get(runId);
      if (!log) return null;
      if (isExpired(log, clock.now().getTime())) {
        drop(log);
        return null;
      }
      return Array.from({ length: log.delivered }, (_, i) => entryAt(log, i));
    },

    async appendTerminal(runId, afterSeq, events) {
      const log = logs.get(runId);
      if (!log || log.ended || log.closedAtMs >= 0 || log.delivering || log.entries.length !== afterSeq) return false;
      for (const event of events) append(log, event);
      close(log);
      return true;
    },

    async shutdown(): Promise<void> {
      stopSweeping();
    },
  };
}
