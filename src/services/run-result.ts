import type { RunErrorCode, RunOutcome, SequencedEvent, ToolCallRecord, Usage } from '../domain/index.js';
import type { RunLogSubscription } from '../ports/index.js';

/** What a run came to, read from its event log: the answer of every non-streaming surface. */
export interface RunResult {
  outcome: RunOutcome | 'interrupted';
  finalAnswer: string;
  toolCalls: ToolCallRecord[];
  usage: Usage | null;
  error: { code: RunErrorCode; detail: string } | null;
  /** Sequence number of the last event read (the `end` event). */
  lastSeq: number;
}

/** Follows one run's log from an id; the same shape as `StartedRun.subscribe` and `RunService.watch`. */
export type SubscribeToRun = (afterSeq: number, listener: (entry: SequencedEvent) => void) => Promise<RunLogSubscription | null>;

/** Folds a run's events into its result; feed it entries in order, read `result` after `end`. */
export function createRunResultReader() {
  const pendingInputs = new Map<string, unknown>();
  const result: RunResult = { outcome: 'failed', finalAnswer: '', toolCalls: [], usage: null, error: null, lastSeq: 0 };
  let ended = false;

  function read({ seq, event }: SequencedEvent): void {
    result.lastSeq = seq;
    switch (event.type) {
      case 'token':
        result.finalAnswer += event.token;
        break;
      case 'tool_status':
        if (event.is_start) pendingInputs.set(event.call_id, event.input);
        else result.toolCalls.push({ callId: event.call_id, toolName: event.tool_name, input: pendingInputs.get(event.call_id), output: event.output, ok: event.ok ?? false });
        break;
      case 'status':
        if (event.final_answer !== undefined) result.finalAnswer = event.final_answer;
        if (event.usage) result.usage = event.usage;
        break;
      case 'error':
        result.error = { code: event.code, detail: event.detail };
        break;
      case 'end':
        result.outcome = event.outcome;
        ended = true;
        break;
      default: {
        const exhaustive: never = event;
        throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  return { read, result, isEnded: () => ended };
}

/**
 * Waits for a run to end and returns its result. Rejects if the run's log is no longer kept; an `abortSignal`
 * stops waiting (the run itself goes on) and rejects with the signal's reason.
 */
export function readRunResult(subscribe: SubscribeToRun, abortSignal?: AbortSignal): Promise<RunResult> {
  const reader = createRunResultReader();
  return new Promise<RunResult>((resolve, reject) => {
    let subscription: RunLogSubscription | null = null;
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      subscription?.unsubscribe();
      abortSignal?.removeEventListener('abort', onAbort);
      finish();
    };
    const onAbort = () => settle(() => reject(abortSignal!.reason));
    if (abortSignal?.aborted) return onAbort();
    abortSignal?.addEventListener('abort', onAbort, { once: true });
    subscribe(0, (entry) => {
      if (settled) return;
      reader.read(entry);
      if (reader.isEnded()) settle(() => resolve(reader.result));
    }).then(
      (sub) => {
        subscription = sub;
        if (settled) sub?.unsubscribe();
        else if (!sub) settle(() => reject(new Error('The run’s events are no longer kept')));
      },
      (err: unknown) => settle(() => reject(err)),
    );
  });
}
