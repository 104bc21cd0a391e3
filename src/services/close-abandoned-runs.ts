import type { RunLocks } from '../ports/index.js';
import { finishAbandonedRun, type AbandonedRunDeps } from './abandoned-run.js';


export interface CloseAbandonedRunsOptions extends AbandonedRunDeps {
  /** How long to wait for another instance that is ending the run right now. Default 5000. */
  waitMs?: number;
  logError?: (context: Record<string, unknown>, message: string) => void;
}

/**
 * A thread whose last run died with its instance becomes free when that run's lease expires, well before a
 * reaper ends the run. Through these locks, whoever takes the thread next first ends the dead run (its
 * partial answer stored, its watchers ended) and only then goes on, so the thread's history never reads
 * question 1, question 2, partial answer 1 (decision 0408). Costs nothing unless a holder died.
 */
export function closingAbandonedRuns(locks: RunLocks, options: CloseAbandonedRunsOptions): RunLocks {
  const waitMs = options.waitMs ?? 5_000;
  const logError = options.logError ?? (() => {});

  async function close(runId: string): Promise<void> {
    // the reaper's per-run claim: one of it and us ends the run, the other waits or leaves it
    const claim = await locks.tryAcquire(`reap:${runId}`, runId);
    if (claim.acquired) {
      try {
        await finishAbandonedRun(options, runId);
      } finally {
        await claim.lease.release().catch(() => undefined);
      }
      return;
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline && (await options.runs.findById(runId))?.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  return {
    async tryAcquire(key, runId) {
      const result = await locks.tryAcquire(key, runId);
      if (result.acquired && result.abandonedRunId) {
        // a failure here must not fail the new run: the reapers end the old one later anyway
        await close(result.abandonedRunId).catch((error: unknown) =>
          logError({ runId: result.abandonedRunId, err: error instanceof Error ? error.stack : String(error) }, 'could not end the abandoned run of a thread'),
        );
      }
      return result;
    },
    holder: (key) => locks.holder(key),
    shutdown: () => locks.shutdown(),
  };
}
