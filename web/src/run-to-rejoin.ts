import type { StoredMessage, ThreadSummary } from './api-types.js';

/**
 * The run to re-attach to when a thread's history is shown: the thread list says it is running and the
 * history has no answer for it yet (the server stores the answer before it sends `end`, so a stored
 * assistant row means the run is over and its events would only repeat what the history shows).
 */
export function runToRejoin(threads: readonly ThreadSummary[] | null, threadId: string, messages: readonly StoredMessage[]): string | null {
  const runId = threads?.find((thread) => thread.thread_id === threadId)?.running_run_id ?? null;
  if (!runId) return null;
  if (messages.some((message) => message.run_id === runId && message.role === 'assistant')) return null;
  return runId;
}
