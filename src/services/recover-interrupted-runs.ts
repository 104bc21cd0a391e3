import type { SequencedEvent } from '../domain/index.js';
import type { RunEventLog, RunStore } from '../ports/index.js';
import { finishAbandonedRun, type AbandonedRunDeps } from './abandoned-run.js';

export interface RecoverInterruptedRunsDeps extends AbandonedRunDeps {
  runs: AbandonedRunDeps['runs'] & Pick<RunStore, 'listRunning'>;
  /** The process's own log, not a checkpointing one: what is rebuilt here is not checkpointed again. */
  runLog: AbandonedRunDeps['runLog'] & Pick<RunEventLog, 'open'>;
  checkpoints: { load(runId: string): Promise<SequencedEvent[]>; discardOfEndedRuns(): Promise<void> };
}

/**
 * At the start of a single process (no REDIS_URL) every run still `running` belonged to the previous process,
 * which died. Each is rebuilt from its checkpoints into this process's log and then ended like any abandoned
 * run: its partial answer stored, its row `interrupted`, its log ending with `error` + `end`, so a client that
 * resumes it gets what was kept and a clean end instead of 404 (decision 0407). Returns how many it ended.
 */
export async function recoverInterruptedRuns(deps: RecoverInterruptedRunsDeps): Promise<number> {
  let recovered = 0;
  for (const run of await deps.runs.listRunning()) {
    const kept = await deps.checkpoints.load(run.runId);
    const writer = deps.runLog.open(run.runId);
    for (const entry of kept) writer.append(entry.event);
    if (await finishAbandonedRun(deps, run.runId)) recovered++;
    await writer.close(); // a no-op once its ending closed it; else (it had ended already) retention starts
  }
  await deps.checkpoints.discardOfEndedRuns();
  return recovered;
}
