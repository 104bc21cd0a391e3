import type { AgentLogMessage } from '../domain/index.js';
import type { AgentLogStore, NewAgentLogMessage } from '../ports/index.js';

interface Pending {
  messages: NewAgentLogMessage[];
  resolve(rows: AgentLogMessage[]): void;
  reject(error: unknown): void;
}

/** Messages written in one statement at most (a bound on statement size, not a wait). */
const MAX_BATCH_MESSAGES = 500;

/**
 * Group commit for `append`: a call made while another batch is being written waits for it and then goes
 * out with every other waiting call as ONE multi-row insert. Nothing is delayed when the store is idle
 * (the first call is written in the same tick), so an idle server pays no latency and a busy one pays one
 * statement per batch instead of one per run. Each caller still gets exactly its own rows back; if a batch
 * fails, its calls are retried one by one so one bad message cannot fail the others.
 */
export function coalesceAppends(inner: Pick<AgentLogStore, 'append'>): AgentLogStore['append'] {
  let queue: Pending[] = [];
  let writing = false;

  async function writeOne(pending: Pending): Promise<void> {
    try {
      pending.resolve(await inner.append(pending.messages));
    } catch (error) {
      pending.reject(error);
    }
  }

  async function writeBatch(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return writeOne(batch[0]!);
    let rows: AgentLogMessage[];
    try {
      rows = await inner.append(batch.flatMap((p) => p.messages));
    } catch {
      for (const pending of batch) await writeOne(pending);
      return;
    }
    // the store hands rows back in the order of the messages (seq follows the VALUES order)
    let at = 0;
    for (const pending of batch) {
      pending.resolve(rows.slice(at, at + pending.messages.length));
      at += pending.messages.length;
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      let count = 0;
      let take = 0;
      while (take < queue.length && (take === 0 || count + queue[take]!.messages.length <= MAX_BATCH_MESSAGES)) count += queue[take++]!.messages.length;
      const batch = queue.slice(0, take);
      queue = queue.slice(take);
      await writeBatch(batch);
    }
    writing = false;
  }

  return (messages, tx) => {
    if (tx !== undefined || messages.length === 0) return inner.append(messages, tx);
    return new Promise<AgentLogMessage[]>((resolve, reject) => {
      queue.push({ messages, resolve, reject });
      if (!writing) {
        writing = true;
        queueMicrotask(() => void drain()); // calls made in this same tick join the first batch
      }
    });
  };
}
