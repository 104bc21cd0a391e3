import { SlotList, type RunEvent } from '../domain/index.js';
import type { RunEventLog, RunLogWriter } from '../ports/index.js';

/** Where slices of running runs' events go (the storage's run_checkpoints table). */
export interface RunCheckpointSink {
  /** Events `firstSeq`, `firstSeq + 1`, … of each run (a token as its bare text); several runs in one call. */
  saveMany(slices: Array<{ runId: string; firstSeq: number; events: Array<string | RunEvent> }>): Promise<void>;
  discardMany(runIds: string[]): Promise<void>;
}

export interface CheckpointOptions {
  sink: RunCheckpointSink;
  /** How often what was appended since is saved: the most a killed process can lose. Default 1000. */
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

interface Tracked {
  readonly runId: string;
  /** Appended since the last save: token events as their bare text (the log holds that string already). */
  pending: Array<string | RunEvent>;
  firstSeq: number;
  /** A slice of it was (or is being) saved: its close discards. */
  saved: boolean;
  slot: number;
}

/**
 * A single process's run log (memory) whose running runs survive a SIGKILL: ONE timer for all runs saves what
 * each appended since the last tick, all runs in one statement, so a run costs no write per token and at most
 * one a second (docs/decisions/0407). When a run's log closes (its transcript is stored by then) its slices
 * are discarded with the next tick. After a restart the run is rebuilt from them (recover-interrupted-runs.ts).
 */
export function withCheckpoints(log: RunEventLog, options: CheckpointOptions): RunEventLog & { checkpointNow(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 1_000;
  const onError = options.onError ?? (() => {});
  // a SlotList, not a Set: a Set's table left behind by V8 would keep finished runs alive (docs/decisions/0700)
  const tracked = new SlotList<Tracked>();
  let discards: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;

  async function write(): Promise<void> {
    const slices: Array<{ runId: string; firstSeq: number; events: Array<string | RunEvent> }> = [];
    const sources: Tracked[] = [];
    tracked.forEach((run) => {
      if (run.pending.length === 0) return;
      slices.push({ runId: run.runId, firstSeq: run.firstSeq, events: run.pending });
      sources.push(run);
      run.saved = true; // from now on its close discards, even if this save is still in flight then
      run.firstSeq += run.pending.length;
      run.pending = [];
    });
    const discarding = discards;
    discards = [];
    try {
      await options.sink.saveMany(slices);
    } catch (error) {
      onError(error);
      // put the slices back in front: the next tick tries again, and a later slice never lands before them
      slices.forEach((slice, i) => {
        const run = sources[i]!;
        run.pending = [...slice.events, ...run.pending];
        run.firstSeq = slice.firstSeq;
      });
    }
    // after the saves, so a slice still in flight when its run closed is not left behind
    if (discarding.length > 0) await options.sink.discardMany(discarding).catch(onError);
  }

  function tick(): Promise<void> {
    if (!writing) {
      writing = write().finally(() => {
        writing = undefined;
        if (tracked.size === 0 && discards.length === 0) stopTimer();
      });
    }
    return writing;
  }

  function stopTimer(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  return {
    open(runId: string): RunLogWriter {
      const inner = log.open(runId);
      const run: Tracked = { runId, pending: [], firstSeq: 1, saved: false, slot: -1 };
      run.slot = tracked.add(run);
      if (!timer) {
        timer = setInterval(() => void tick(), intervalMs);
        timer.unref();
      }
      let closing: Promise<void> | undefined;
      return {
        runId,
        append(event) {
          const seq = inner.append(event);
          if (run.pending.length === 0) run.firstSeq = seq;
          run.pending.push(event.type === 'token' ? event.token : event);
          return seq;
        },
        close: () =>
          (closing ??= (async () => {
            tracked.remove(run.slot, run);
            run.pending = [];
            if (run.saved) discards.push(runId);
            await inner.close();
          })()),
      };
    },
    subscribe: (runId, afterSeq, listener) => log.subscribe(runId, afterSeq, listener),
    read: (runId) => log.read(runId),
    appendTerminal: (runId, afterSeq, events) => log.appendTerminal(runId, afterSeq, events),
    /** Saves now (tests, shutdown); resolves when that write is done. */
    async checkpointNow() {
      await writing;
      await tick();
    },
    async shutdown() {
      stopTimer();
      await writing;
      await tick(); // what ended runs left, and discards
      stopTimer();
      await log.shutdown();
    },
  };
}
