import type { Run } from '../domain/index.js';
import type { AgentLogStore } from '../ports/index.js';

export interface RunAnswerDeps {
  agentLogs: Pick<AgentLogStore, 'fullHistory'>;
}

/**
 * issue 19: the final answer of an ended run, read from its stored transcript (the assistant row the executor
 * writes before it marks the run ended), so a poller needs neither the event log nor a second reducer of it.
 */
export function createRunAnswerReader(deps: RunAnswerDeps) {
  async function finalAnswerOf(run: Run): Promise<string | null> {
    if (run.status === 'running') return null;
    const rows = await deps.agentLogs.fullHistory({ agentId: run.agentId, userId: run.userId, threadId: run.threadId });
    const answer = rows.findLast((row) => row.runId === run.runId && row.role === 'assistant');
    return answer?.content ?? null;
  }
  return { finalAnswerOf };
}

export type RunAnswerReader = ReturnType<typeof createRunAnswerReader>;
