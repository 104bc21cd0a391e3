import type { AgentLogMessage } from '../domain/index.js';
import type { AgentLogStore, ThreadKey } from '../ports/index.js';
import { groupCommit } from './group-commit.js';

/**
 * Reads of thread histories made while another read is in flight go out together as ONE query
 * (`historyOfThreads`), like group commit for writes: many runs starting at once pay one round trip.
 * Reads without a limit (the whole thread) go straight to the store.
 */
export function batchHistoryReads(inner: AgentLogStore): AgentLogStore {
  const read = groupCommit<{ key: ThreadKey; limit: number }, AgentLogMessage[]>(
    async (items) => {
      const answers: AgentLogMessage[][] = new Array(items.length);
      // one query per distinct limit (in practice there is one: the run's history window)
      for (const limit of new Set(items.map((item) => item.limit))) {
        const indexes = items.flatMap((item, index) => (item.limit === limit ? [index] : []));
        const rows = await inner.historyOfThreads(indexes.map((index) => items[index]!.key), limit);
        indexes.forEach((index, at) => (answers[index] = rows[at]!));
      }
      return answers;
    },
    { maxWeight: 200 },
  );
  return {
    ...inner,
    history: (key, options) => (options?.limit === undefined ? inner.history(key, options) : read({ key, limit: options.limit })),
  };
}
