import type { Run } from '../domain/index.js';
import type { AgentLogStore, Clock, RunEventLog, RunLocks, RunStore } from '../ports/index.js';
import { finishAbandonedRun } from './abandoned-run.js';
import { fwLockKey } from './fastworkflow-keys.js';
import { threadLockKey } from './invoke-agent.js';

export { transcriptRows } from './abandoned-run.js';

export interface RunReaperDeps {
  runs: Pick<RunStore, 'listRunning' | 'findById' | 'finish'>;
  agentLogs: Pick<AgentLogStore, 'append' | 'history'>;
  runLog: Pick<RunEventLog, 'read' | 'appendTerminal'>;
  locks: Pick<RunLocks, 'tryAcquire' | 'holder'>;
  clock: Clock;
  /** The run locks' lease: how long a dead instance's locks outlive it. */
  leaseMs: number;
  /** How often running runs are checked. Default leaseMs / 4 (at least 250 ms). */
  intervalMs?: number;
  /**
   * How long a run must be seen without its lease before it is reaped. A live instance that lost a lease
   * notices at its next renewal (leaseMs / 3) and ends the run itself; this waits that out. Default leaseMs / 3.
   */
  graceMs?: number;
  logInfo?: (context: Record<string, unknown>, message: string) => void;
  logError?: (context: Record<string, unknown>, message: string) => void;
}

/** The lock a run holds while it executes (see invoke-agent.ts and fastworkflow.ts); null if underivable. */
export function runLockKey(run: Pick<Run, 'surface' | 'agentId' | 'userId' | 'threadId'>): string | null {
  if (run.surface !== 'fastworkflow') return threadLockKey(run.agentId, run.userId, run.threadId);
  // fastworkflow threads are "fw-<fwUserId>-<conversationId>" (fwThreadId) and lock per (owner, fwUserId)
  const match = /^fw-(.*)-\d+$/.exec(run.threadId);
  return match ? fwLockKey(run.userId, match[1]!) : null;
}

/**
 * With several instances (REDIS_URL), finishes the runs of an instance that died: a run still `running`
 * whose lock no longer names it has lost its lease, so nobody executes it. Every instance runs a reaper;
 * taking the run's lock (or, if a new run already has the thread, a per-run reap lock) makes one of them
 * do it. Each step is idempotent, so a reaper that dies half-way is completed by the next sweep.
 */
export function createRunReaper(deps: RunReaperDeps) {
  const intervalMs = deps.intervalMs ?? Math.max(250, Math.floor(deps.leaseMs / 4));
  const graceMs = deps.graceMs ?? Math.floor(deps.leaseMs / 3);
  const logInfo = deps.logInfo ?? (() => {});
  const logError = deps.logError ?? (() => {});
  /** runId → when this instance first saw the run without its lease. */
  const suspects = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;

  /** Takes the run's own lock in its name (a second invoke still gets 409 with its id), else a reap lock. */
  async function claim(run: Run, lockKey: string) {
    const thread = await deps.locks.tryAcquire(lockKey, run.runId);
    if (thread.acquired) return thread.lease;
    if (thread.holderRunId === run.runId) return null; // another instance is reaping it right now
    const reap = await deps.locks.tryAcquire(`reap:${run.runId}`, run.runId);
    return reap.acquired ? reap.lease : null;
  }

  /** Returns true if this call finished the run. */
  async function reap(listed: Run, lockKey: string): Promise<boolean> {
    const lease = await claim(listed, lockKey);
    if (!lease) return false;
    try {
      return await finishAbandonedRun(deps, listed.runId);
    } finally {
      await lease.release().catch(() => undefined);
    }
  }

  async function sweepOnce(): Promise<number> {
    const nowMs = deps.clock.now().getTime();
    const running = await deps.runs.listRunning();
    const listed = new Set(running.map((run) => run.runId));
    for (const runId of suspects.keys()) if (!listed.has(runId)) suspects.delete(runId);
    const checks = await Promise.all(
      running.map(async (run) => {
        const lockKey = runLockKey(run);
        if (!lockKey) return null;
        const holder = await deps.locks.holder(lockKey);
        return { run, lockKey, leased: holder === run.runId };
      }),
    );
    let reaped = 0;
    for (const check of checks) {
      if (!check) continue;
      const { run, lockKey, leased } = check;
      if (leased) {
        suspects.delete(run.runId);
        continue;
      }
      const since = suspects.get(run.runId) ?? nowMs;
      suspects.set(run.runId, since);
      if (nowMs - since < graceMs) continue;
      try {
        if (await reap(run, lockKey)) {
          suspects.delete(run.runId);
          reaped++;
        }
      } catch (error) {
        logError({ runId: run.runId, err: error instanceof Error ? error.stack : String(error) }, 'could not mark an abandoned run interrupted');
      }
    }
    return reaped;
  }

  /** One pass over the running runs; returns how many this call finished. Concurrent calls share a pass. */
  function sweep(): Promise<number> {
    if (sweeping) return sweeping.then(() => 0);
    const pass = sweepOnce().finally(() => (sweeping = undefined));
    sweeping = pass.then(
      () => undefined,
      () => undefined,
    );
    return pass;
  }

  return {
    sweep,
    start(): void {
      if (timer) return;
      timer = setInterval(() => {
        sweep().catch((error: unknown) => logError({ err: error instanceof Error ? error.message : String(error) }, 'run reaper sweep failed'));
      }, intervalMs);
      timer.unref();
    },
    /** Stops sweeping and waits for a pass in progress. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await sweeping;
    },
  };
}

export type RunReaper = ReturnType<typeof createRunReaper>;
