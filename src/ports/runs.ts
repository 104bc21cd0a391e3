import type { RunEvent, SequencedEvent } from '../domain/index.js';

/**
 * One event log per run. The run's executor is its only writer: `append` assigns the next sequence number
 * synchronously (no await on the token path); implementations persist in the background and `close`
 * waits for everything written so far.
 */
export interface RunLogWriter {
  readonly runId: string;
  append(event: RunEvent): number;
  /** Flushes, marks the log finished and starts its retention period. */
  close(): Promise<void>;
}

export interface RunLogSubscription {
  unsubscribe(): void;
  /** True when the log had already finished and subscribe delivered all that was left: nothing more will come. */
  readonly ended?: boolean;
}

export interface RunEventLog {
  open(runId: string): RunLogWriter;
  /**
   * Delivers every event with `seq > afterSeq` exactly once and in order: first what is stored, then live
   * events as they are appended. Returns null when the log is unknown or has expired.
   * The listener is not called again after the `end` event.
   */
  subscribe(runId: string, afterSeq: number, listener: (entry: SequencedEvent) => void): Promise<RunLogSubscription | null>;
  /** Every stored event of the run, oldest first; null when the log is unknown or has expired. */
  read(runId: string): Promise<SequencedEvent[] | null>;
  /**
   * Ends the log of a run whose writer is gone (its instance died), from any instance: appends `events` as
   * afterSeq+1, afterSeq+2, … only if the log still ends at `afterSeq` without an `end`, atomically, then starts
   * the retention period like `close`. Resolves false, appending nothing, if the log moved on or is unknown.
   */
  appendTerminal(runId: string, afterSeq: number, events: RunEvent[]): Promise<boolean>;
  /** Stops background work (timers, connections). */
  shutdown(): Promise<void>;
}

export interface LockLease {
  readonly key: string;
  readonly runId: string;
  /** Increases with every acquisition of the key: a writer holding an older token is stale. */
  readonly fencingToken: number;
  /**
   * Aborted if the lease is lost (expired and taken by someone else); remove your listener when done with the
   * lease. Null when the lease cannot be lost (locks held in one process): no signal shared between leases, since
   * listeners added and removed on one long-lived EventTarget keep each other's closures through scavenges
   * (docs/decisions/0700).
   */
  readonly lost: AbortSignal | null;
  release(): Promise<void>;
}

/**
 * `abandonedRunId` (Redis locks): the previous holder, when its lease expired without a release (its instance died),
 * so its run may still read `running` and must be closed before the new run writes (decision 0408).
 */
export type LockResult = { acquired: true; lease: LockLease; abandonedRunId?: string | null } | { acquired: false; holderRunId: string };

/** Fail-fast mutual exclusion: one run per key (agent+user+thread, or fastworkflow user). Never waits. */
export interface RunLocks {
  tryAcquire(key: string, runId: string): Promise<LockResult>;
  /** The run holding `key`, if any. */
  holder(key: string): Promise<string | null>;
  shutdown(): Promise<void>;
}

/** Told that a run was cancelled; `reason` is `DOMException('Run <id> was cancelled', 'AbortError')`. Must not throw. */
export type CancelListener = (reason: DOMException) => void;

/** Cancel reaches the instance executing the run, wherever the request came in. */
export interface RunCancellation {
  /**
   * Called by the executor: `onCancel` is called once when anyone cancels `runId`, unless unregistered before.
   * A callback, not an AbortSignal of its own: the run already has one, and an AbortController per run and
   * a listener on it cost more than the call (docs/decisions/0403).
   */
  register(runId: string, onCancel: CancelListener): { unregister(): void };
  cancel(runId: string): Promise<void>;
  shutdown(): Promise<void>;
}
