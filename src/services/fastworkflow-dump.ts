import type { Actor, AgentLogMessage } from '../domain/index.js';
import type { AgentLogStore, FastworkflowStore, FwConversation, FwFeedback, FwSession } from '../ports/index.js';
import { summaryOf } from './fastworkflow-conversation-text.js';
import { FwFailure } from './fastworkflow-failure.js';
import { fwThreadId } from './fastworkflow-keys.js';
import { rawCommandOf } from './fastworkflow-turn-reader.js';

export interface FastworkflowDumpDeps {
  store: Pick<FastworkflowStore, 'listAllSessions' | 'listAllConversationsOf' | 'listFeedbackOf'>;
  agentLogs: Pick<AgentLogStore, 'history'>;
}

/** One turn as the seed's conversation store keeps it (seed-systems A.9; the space in the key is the seed's). */
interface DumpTurn {
  'conversation summary': string;
  conversation_traces: string;
  feedback: { binary_or_numeric_score: boolean | number | null; nl_feedback: string | null; timestamp: number } | null;
}

const SESSION_PAGE = 200;

function turnsOf(messages: AgentLogMessage[], feedbackByRun: Map<string, FwFeedback>): DumpTurn[] {
  const byRun = new Map<string, AgentLogMessage[]>();
  for (const message of messages) {
    if (message.runId === null) continue;
    const rows = byRun.get(message.runId) ?? [];
    rows.push(message);
    byRun.set(message.runId, rows);
  }
  return [...byRun].map(([runId, rows]) => {
    const question = rows.find((m) => m.role === 'user')?.content ?? '';
    const answer = rows.findLast((m) => m.role === 'assistant')?.content ?? '';
    const feedback = feedbackByRun.get(runId);
    const traces = {
      user_query: question,
      agent_workflow_interactions: rows
        .filter((m) => m.role === 'tool')
        .map((m) => ({ command: rawCommandOf(m.toolName ?? '', m.toolInput), command_name: m.toolName, parameters: m.toolInput ?? null, response: m.content })),
      final_agent_response: answer,
    };
    return {
      'conversation summary': summaryOf(question, answer),
      conversation_traces: JSON.stringify(traces),
      feedback: feedback
        ? { binary_or_numeric_score: feedback.binaryOrNumericScore, nl_feedback: feedback.nlFeedback, timestamp: feedback.createdAt.getTime() }
        : null,
    };
  });
}

/**
 * POST /admin/dump_all_conversations: every conversation of every fastworkflow user (all owners, active or
 * not) as the seed's JSONL rows `{user_id, conversation_id, topic, summary, created_at, updated_at, turns}`,
 * plus `owner_user_id` and `agent_id`. Platform admins only. Lines are produced one conversation at a time.
 */
export function createFastworkflowDump(deps: FastworkflowDumpDeps) {
  async function* conversationLines(session: FwSession): AsyncGenerator<string> {
    const key = { ownerUserId: session.ownerUserId, fwUserId: session.fwUserId };
    const conversations: FwConversation[] = await deps.store.listAllConversationsOf(key);
    if (conversations.length === 0) return;
    const feedbackByRun = new Map((await deps.store.listFeedbackOf(key)).map((f) => [f.runId, f]));
    for (const conversation of conversations) {
      const threadId = fwThreadId(session.fwUserId, conversation.conversationId);
      const messages = await deps.agentLogs.history({ agentId: session.agentId, userId: session.ownerUserId, threadId });
      const row = {
        user_id: session.fwUserId,
        owner_user_id: session.ownerUserId,
        agent_id: session.agentId,
        conversation_id: conversation.conversationId,
        topic: conversation.topic,
        summary: conversation.summary,
        created_at: conversation.createdAt.getTime(),
        updated_at: conversation.updatedAt.getTime(),
        turns: turnsOf(messages, feedbackByRun),
      };
      yield `${JSON.stringify(row)}\n`;
    }
  }

  /** Checks the caller at once (a refusal is an ordinary HTTP error); the lines are read lazily. */
  function dumpAll(actor: Actor): AsyncGenerator<string> {
    if (!actor.isAdmin) throw new FwFailure(403, 'Only platform admins may dump all conversations');
    return (async function* lines() {
      let after: { ownerUserId: string; fwUserId: string } | undefined;
      for (;;) {
        const sessions = await deps.store.listAllSessions({ after, limit: SESSION_PAGE });
        for (const session of sessions) yield* conversationLines(session);
        if (sessions.length < SESSION_PAGE) return;
        const last = sessions.at(-1)!;
        after = { ownerUserId: last.ownerUserId, fwUserId: last.fwUserId };
      }
    })();
  }

  return { dumpAll };
}

export type FastworkflowDump = ReturnType<typeof createFastworkflowDump>;
