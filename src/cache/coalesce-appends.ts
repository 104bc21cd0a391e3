import type { AgentLogMessage } from '../domain/index.js';
import type { AgentLogStore, NewAgentLogMessage } from '../ports/index.js';
import { groupCommit } from './group-commit.js';

/**
 * Group commit for `append` (see group-commit.ts): calls made while a batch is being written go out together
 * as ONE multi-row insert, at most 500 messages. Each caller gets exactly its own rows back.
 */
export function coalesceAppends(inner: Pick<AgentLogStore, 'append'>): AgentLogStore['append'] {
  const write = groupCommit<NewAgentLogMessage[], AgentLogMessage[]>(
    async (calls) => {
      const rows = await inner.append(calls.flat());
      // the store hands rows back in the order of the messages (seq follows the VALUES order)
      let at = 0;
      return calls.map((messages) => rows.slice(at, (at += messages.length)));
    },
    { maxWeight: 500, weigh: (messages) => messages.length },
  );
  return (messages, tx) => (tx !== undefined || messages.length === 0 ? inner.append(messages, tx) : write(messages));
}
