import type { AgentLogMessage, ChatMessage } from '../domain/index.js';

/**
 * What the model remembers of a thread: the user's messages and the assistant's answers (including the
 * partial text of runs that were stopped). Tool rows are summarised inside the answers that followed them.
 */
export function historyToMessages(history: readonly AgentLogMessage[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const row of history) {
    if (row.role === 'user') messages.push({ role: 'user', content: row.content });
    else if (row.role === 'assistant' && row.content !== '') messages.push({ role: 'assistant', content: row.content });
  }
  return messages;
}
