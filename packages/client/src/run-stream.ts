import { createEventQueue } from './event-queue.js';
import type { StreamEvent } from './decode-run-event.js';
import type { ConnectionState, StreamCallbacks, StreamResult } from './stream-client.js';

/** One event of a run as `invoke()`/`join()` yield it: the typed event and its sequence number. */
export type RunStreamItem = StreamEvent & { seq: number | null };

/**
 * A run being read: an async iterable of its events, each exactly once and in order across reconnects.
 * Breaking out of the loop or aborting the signal stops reading only; `cancel()` stops the run itself.
 */
export interface RunStream extends AsyncIterable<RunStreamItem> {
  /** The run's id, once the server has told it (the first event carries it). */
  readonly runId: Promise<string>;
  /** How reading ended: the `end` outcome, or `aborted`. Rejects like the iteration does. */
  readonly result: Promise<StreamResult>;
  /** Asks the server to cancel the run (POST /runs/{id}/cancel); watchers then receive `error` and `end`. */
  cancel(): Promise<void>;
}

export interface OpenRunStreamOptions {
  start: (callbacks: StreamCallbacks, signal: AbortSignal) => Promise<StreamResult>;
  cancel: (runId: string) => Promise<void>;
  signal?: AbortSignal | undefined;
  onConnection?: ((state: ConnectionState) => void) | undefined;
  knownRunId?: string | undefined;
}

export function openRunStream(options: OpenRunStreamOptions): RunStream {
  const queue = createEventQueue<RunStreamItem>();
  const reading = new AbortController();
  const stopReading = () => reading.abort();
  options.signal?.addEventListener('abort', stopReading, { once: true });
  if (options.signal?.aborted) reading.abort();

  let resolveRunId!: (runId: string) => void;
  let rejectRunId!: (error: unknown) => void;
  const runId = new Promise<string>((resolve, reject) => {
    resolveRunId = resolve;
    rejectRunId = reject;
  });
  runId.catch(() => undefined);
  if (options.knownRunId) resolveRunId(options.knownRunId);

  const result = options
    .start(
      {
        onEvent: (event, seq) => {
          if ((event.type === 'status' || event.type === 'end') && event.run_id) resolveRunId(event.run_id);
          queue.push({ ...event, seq });
        },
        onConnection: options.onConnection,
      },
      reading.signal,
    )
    .then(
      (outcome) => {
        queue.close();
        if (outcome.runId) resolveRunId(outcome.runId);
        else rejectRunId(new Error('The stream ended before the run started'));
        return outcome;
      },
      (error: unknown) => {
        queue.fail(error);
        rejectRunId(error);
        throw error;
      },
    )
    .finally(() => options.signal?.removeEventListener('abort', stopReading));
  result.catch(() => undefined);

  return {
    runId,
    result,
    cancel: async () => options.cancel(await runId),
    [Symbol.asyncIterator]: () => ({
      next: () => queue.next(),
      return: async () => {
        reading.abort();
        queue.close();
        return { value: undefined, done: true };
      },
    }),
  };
}
