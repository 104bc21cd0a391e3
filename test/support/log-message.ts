import type { NewAgentLogMessage, ThreadKey } from '../../src/ports/index.js';

/** A message to append to a thread: `role` and `content`, every other field empty unless `extra` sets it. */
export function logMessage(key: ThreadKey, role: NewAgentLogMessage['role'], content: string, extra: Partial<NewAgentLogMessage> = {}): NewAgentLogMessage {
  return {
    agentId: key.agentId,
    userId: key.userId,
    threadId: key.threadId,
    runId: null,
    role,
    content,
    toolName: null,
    toolCallId: null,
    toolInput: null,
    toolOutput: null,
    model: null,
    inputTokens: null,
    outputTokens: null,
    outcome: null,
    ...extra,
  };
}
