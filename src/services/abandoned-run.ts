import type { Run, RunEvent, SequencedEvent } from '../domain/index.js';
import type { AgentLogStore, Clock, NewAgentLogMessage, RunEventLog, RunStore } from '../ports/index.js';

export const INTERRUPTED_DETAIL = 'The server running this run stopped before it finished';

export interface AbandonedRunDeps {
  runs: Pick<RunStore, 'findById' | 'finish'>;
  agentLogs: Pick<AgentLogStore, 'append' | 'history'>;
  runLog: Pick<RunEventLog, 'read' | 'appendTerminal'>;
  clock: Clock;
  logInfo?: (context: Record<string, unknown>, message: string) => void;
}

/** The agent-log rows a run would have stored, rebuilt from its events: finished tool calls, then the text. */
export function transcriptRows(run: Run, entries: readonly SequencedEvent[]): NewAgentLogMessage[] {
  const base = { agentId: run.agentId, userId: run.userId, threadId: run.threadId, runId: run.runId, model: run.model };
  const inputs = new Map<string, unknown>();
  const rows: NewAgentLogMessage[] = [];
  let text = '';
  for (const { event } of entries) {
    if (event.type === 'token') text += event.token;
    else if (event.type === 'tool_status' && event.is_start) inputs.set(event.call_id, event.input);
    else if (event.type === 'tool_status') {
      rows.push({
        ...base,
        role: 'tool',
        content: JSON.stringify(event.output ?? null),
        toolName: event.tool_name,
        toolCallId: event.call_id,
        toolInput: inputs.get(event.call_id) ?? null,
        toolOutput: event.output ?? null,
        inputTokens: null,
        outputTokens: null,
        outcome: event.ok ? 'ok' : 'error',
      });
    }
  }
  rows.push({ ...base, role: 'assistant', content: text, toolName: null, toolCallId: null, toolInput: null, toolOutput: null, inputTokens: null, outputTokens: null, outcome: 'interrupted' });
  return rows;
}

async function alreadyStored(deps: AbandonedRunDeps, run: Run): Promise<boolean> {
  const history = await deps.agentLogs.history({ agentId: run.agentId, userId: run.userId, threadId: run.threadId }, { limit: 200 });
  return history.some((message) => message.runId === run.runId && message.role === 'assistant');
}

/**
 * Ends a run whose executor is gone (its process died): stores what its log holds as the partial answer,
 * marks it `interrupted`, and ends its log with `error` + `end` so every watcher's stream ends. The caller
 * makes sure nobody else does this at the same moment (a lock, or a single process at start-up). Each step is
 * idempotent, so a caller that dies half-way is completed by the next. Returns true if it finished the run.
 */
export async function finishAbandonedRun(deps: AbandonedRunDeps, runId: string): Promise<boolean> {
  const run = await deps.runs.findById(runId);
  if (run?.status !== 'running') return false; // it ended meanwhile
  const entries = await deps.runLog.read(run.runId);
  const last = entries?.at(-1);
  if (last?.event.type === 'end') {
    // whoever wrote `end` stored the transcript first; only the row was left behind
    const error = entries!.findLast((e) => e.event.type === 'error')?.event as Extract<RunEvent, { type: 'error' }> | undefined;
    await deps.runs.finish(run.runId, { status: last.event.outcome, endedAt: deps.clock.now(), usage: null, errorCode: error?.code ?? null, errorDetail: error?.detail ?? null });
    return true;
  }
  // stored before `end` is announced, as the executor does: a client reloading after `end` sees it all
  if (!(await alreadyStored(deps, run))) await deps.agentLogs.append(transcriptRows(run, entries ?? []));
  await deps.runs.finish(run.runId, { status: 'interrupted', endedAt: deps.clock.now(), usage: null, errorCode: 'interrupted', errorDetail: INTERRUPTED_DETAIL });
  const ending: RunEvent[] = [
    { type: 'error', code: 'interrupted', detail: INTERRUPTED_DETAIL },
    { type: 'end', run_id: run.runId, outcome: 'interrupted' },
  ];
  // false only if the log moved on since it was read: a writer that was not dead after all ends it itself
  const ended = entries !== null && (await deps.runLog.appendTerminal(run.runId, last?.seq ?? 0, ending));
  deps.logInfo?.({ runId: run.runId, instanceId: run.instanceId, events: entries?.length ?? null, ended }, 'run of a stopped process marked interrupted');
  return true;
}
