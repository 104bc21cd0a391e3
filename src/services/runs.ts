import { InvalidInputError, NotFoundError, type Actor, type Run, type RunStatus, type SequencedEvent } from '../domain/index.js';
import type { RunCancellation, RunEventLog, RunListItem, RunListQuery, RunLogSubscription, RunStore } from '../ports/index.js';

export interface RunServiceDeps {
  runs: Pick<RunStore, 'findById' | 'listForUser'>;
  runLog: Pick<RunEventLog, 'subscribe'>;
  cancellation: Pick<RunCancellation, 'cancel'>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RunListFilter {
  status?: RunStatus | undefined;
  agentId?: string | undefined;
  limit: number;
  before?: string | undefined;
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

  /** issue 18: the caller's own runs, newest first; `before` (a run id of theirs or an ISO time) pages back. */
  async function list(actor: Actor, filter: RunListFilter): Promise<RunListItem[]> {
    const query: RunListQuery = { userId: actor.userId, status: filter.status, agentId: filter.agentId, limit: filter.limit };
    if (filter.before !== undefined) query.before = await pageBefore(actor, filter.before);
    return deps.runs.listForUser(query);
  }

  async function pageBefore(actor: Actor, before: string): Promise<RunListQuery['before']> {
    if (UUID.test(before)) {
      const run = await deps.runs.findById(before);
      if (!run || run.userId !== actor.userId) throw new InvalidInputError('before: no such run of yours');
      return { runId: before };
    }
    const time = new Date(before);
    // the database keeps years 4713 BC to 294276 AD: refuse what it cannot compare (400, not 500)
    const year = time.getUTCFullYear();
    if (Number.isNaN(time.getTime()) || year < 1 || year > 9999) throw new InvalidInputError('before: give a run id or an ISO 8601 time');
    return { time };
  }

  return { get, watch, cancel, list };
}

export type RunService = ReturnType<typeof createRunService>;
