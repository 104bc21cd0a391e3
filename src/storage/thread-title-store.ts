import { and, eq, sql } from 'drizzle-orm';
import type { ThreadTitleStore } from '../ports/index.js';
import { withDomainErrors } from './db-errors.js';
import type { ExecutorFor } from './executor.js';
import { agentLogs, threadTitles } from './schema.js';
import { isUuid } from './uuid.js';

/** Enough of a first message to make a title of; the service trims it further. */
const FIRST_MESSAGE_CHARS = 200;

/** issue 18: titles a user gave their threads, and the first user message each thread would be titled by. */
export function createThreadTitleStore(on: ExecutorFor): ThreadTitleStore {
  return withDomainErrors({
    async titles(input) {
      if (!isUuid(input.agentId) || !isUuid(input.userId)) return new Map();
      const rows = await on()
        .select({ threadId: threadTitles.threadId, title: threadTitles.title })
        .from(threadTitles)
        .where(and(eq(threadTitles.agentId, input.agentId), eq(threadTitles.userId, input.userId)));
      return new Map(rows.map((row) => [row.threadId, row.title]));
    },
    async firstUserMessages(input) {
      if (!isUuid(input.agentId) || !isUuid(input.userId)) return new Map();
      // per thread, the oldest user message after its last reset; walks agent_logs_thread_idx
      const rows = await on()
        .selectDistinctOn([agentLogs.threadId], { threadId: agentLogs.threadId, content: sql<string>`left(${agentLogs.content}, ${FIRST_MESSAGE_CHARS})` })
        .from(agentLogs)
        .where(
          and(
            eq(agentLogs.agentId, input.agentId),
            eq(agentLogs.userId, input.userId),
            eq(agentLogs.role, 'user'),
            sql`${agentLogs.seq} > coalesce((select max(r.seq) from agent_logs r where r.agent_id = ${input.agentId} and r.user_id = ${input.userId} and r.thread_id = ${agentLogs.threadId} and r.role = 'reset'), 0)`,
          ),
        )
        .orderBy(agentLogs.threadId, agentLogs.seq);
      return new Map(rows.map((row) => [row.threadId, row.content]));
    },
    async setTitle(key, title, at) {
      await on()
        .insert(threadTitles)
        .values({ agentId: key.agentId, userId: key.userId, threadId: key.threadId, title, updatedAt: at })
        .onConflictDoUpdate({ target: [threadTitles.agentId, threadTitles.userId, threadTitles.threadId], set: { title, updatedAt: at } });
    },
    async clearTitle(key) {
      if (!isUuid(key.agentId) || !isUuid(key.userId)) return;
      await on()
        .delete(threadTitles)
        .where(and(eq(threadTitles.agentId, key.agentId), eq(threadTitles.userId, key.userId), eq(threadTitles.threadId, key.threadId)));
    },
  } satisfies ThreadTitleStore);
}
