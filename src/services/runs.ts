import { NotFoundError, type Actor, type Run, type SequencedEvent } from '../domain/index.js';
import type { RunCancellation, RunEventLog, RunLogSubscription, RunStore } from '../ports/index.js';

export interface RunServiceDeps {
  runs: Pick<RunStore, 'findById'>;
  runLog: Pick<RunEventLog, 'subscribe'>;
  cancellation: Pick<RunCancellation, 'cancel'>;
}

/** Reading, watching and cancelling runs. A run belongs to the user who started it; others get 404. */
export function createRunService(deps: RunServiceDeps) {
  async function get(actor: Actor, runId: string): Promise<Run> {
    const run = await deps.runs.findById(runId);
    if (!run || run.userId !== actor.userId) throw new NotFoundError('No such run');
    return run;
  }

  /** Subscribes to the run's events after `afterSeq`; null if the run's events are no longer kept. */
  async function watch(actor: Actor, runId: string, afterSeq: number, listener: (entry: SequencedEvent) => void): Promise<RunLogSubscription | null> {
    await get(actor, runId);
    return deps.runLog.subscribe(runId, afterSeq, listener);
  }

  /** Asks the instance executing the run to stop it; a finished run is left as it is. */
  async function cancel(actor: Actor, runId: string): Promise<Run> {
    const run = await get(actor, runId);
    if (run.status === 'running') await deps.cancellation.cancel(runId);
    return run;
  }

  return { get, watch, cancel };
}

export type RunService = ReturnType<typeof createRunService>;
