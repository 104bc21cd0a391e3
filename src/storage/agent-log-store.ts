import { and, asc, desc, eq, gt, ne, sql } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { InvalidInputError, type AgentLogMessage } from '../domain/index.js';
import type { AgentLogStore, ThreadKey } from '../ports/index.js';
import { withDomainErrors } from './db-errors.js';
import type { Executor, ExecutorFor } from './executor.js';
import { agentLogs } from './schema.js';
import { isUuid } from './uuid.js';

type LogRow = typeof agentLogs.$inferSelect;

const MESSAGE_ROLES = new Set(['user', 'assistant', 'tool']);
const PREVIEW_CHARS = 120;

/** A reset row maps with role 'reset'; only fullHistory returns such rows (see docs/decisions/0101). */
export function toAgentLogMessage(row: LogRow): AgentLogMessage {
  return {
    messageId: row.messageId,
    agentId: row.agentId,
    userId: row.userId,
    threadId: row.threadId,
    runId: row.runId,
    role: row.role as AgentLogMessage['role'],
    content: row.content,
    toolName: row.toolName,
    toolCallId: row.toolCallId,
    toolInput: row.toolInput ?? null,
    toolOutput: row.toolOutput ?? null,
    model: row.model,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    outcome: row.outcome,
    createdAt: row.createdAt,
  };
}

const isValidKey = (key: ThreadKey): boolean => isUuid(key.agentId) && isUuid(key.userId);

function threadIs(table: { agentId: AnyPgColumn; userId: AnyPgColumn; threadId: AnyPgColumn }, key: ThreadKey) {
  return and(eq(table.agentId, key.agentId), eq(table.userId, key.userId), eq(table.threadId, key.threadId));
}

/** seq of the thread's latest reset row, 0 when it was never reset. */
function lastResetSeq(executor: Executor, key: ThreadKey) {
  const resets = alias(agentLogs, 'resets');
  const latest = executor
    .select({ seq: sql`max(${resets.seq})` })
    .from(resets)
    .where(and(threadIs(resets, key), eq(resets.role, 'reset')));
  return sql`coalesce((${latest}), 0)`;
}

export function createAgentLogStore(on: ExecutorFor): AgentLogStore {
  return withDomainErrors({
    async append(messages, tx) {
      if (messages.length === 0) return [];
      for (const message of messages) {
        if (!MESSAGE_ROLES.has(message.role)) throw new InvalidInputError('A message role must be user, assistant or tool');
      }
      // One statement for the whole batch; seq follows the order of `messages`.
      const rows = await on(tx)
        .insert(agentLogs)
        .values(
          messages.map((m) => ({
            agentId: m.agentId,
            userId: m.userId,
            threadId: m.threadId,
            runId: m.runId,
            role: m.role,
            content: m.content,
            toolName: m.toolName,
            toolCallId: m.toolCallId,
            toolInput: m.toolInput ?? null,
            toolOutput: m.toolOutput ?? null,
            model: m.model,
            inputTokens: m.inputTokens,
            outputTokens: m.outputTokens,
            outcome: m.outcome,
            createdAt: m.createdAt,
          })),
        )
        .returning();
      return rows.sort((a, b) => a.seq - b.seq).map(toAgentLogMessage);
    },
    async history(key, options) {
      if (!isValidKey(key)) return [];
      const db = on();
      const since = and(threadIs(agentLogs, key), ne(agentLogs.role, 'reset'), gt(agentLogs.seq, lastResetSeq(db, key)));
      if (options?.limit === undefined) {
        const rows = await db.select().from(agentLogs).where(since).orderBy(asc(agentLogs.seq));
        return rows.map(toAgentLogMessage);
      }
      // The newest `limit` messages, handed back oldest first.
      const rows = await db.select().from(agentLogs).where(since).orderBy(desc(agentLogs.seq)).limit(Math.max(0, options.limit));
      return rows.reverse().map(toAgentLogMessage);
    },
    async fullHistory(key) {
      if (!isValidKey(key)) return [];
      const rows = await on().select().from(agentLogs).where(threadIs(agentLogs, key)).orderBy(asc(agentLogs.seq));
      return rows.map(toAgentLogMessage);
    },
    async reset(key, at) {
      if (!isValidKey(key)) return;
      await on().insert(agentLogs).values({ ...key, role: 'reset', content: '', createdAt: at });
    },
    async listThreads(input) {
      if (!isUuid(input.agentId) || !isUuid(input.userId)) return [];
      const db = on();
      const resets = alias(agentLogs, 'resets');
      const lastResets = db
        .select({ threadId: resets.threadId, seq: sql<number>`max(${resets.seq})`.as('reset_seq') })
        .from(resets)
        .where(and(eq(resets.agentId, input.agentId), eq(resets.userId, input.userId), eq(resets.role, 'reset')))
        .groupBy(resets.threadId)
        .as('last_resets');
      const rows = await db
        .select({
          threadId: agentLogs.threadId,
          messageCount: sql<number>`count(*)`.mapWith(Number),
          lastMessageAt: sql<Date>`max(${agentLogs.createdAt})`.mapWith(agentLogs.createdAt),
          preview: sql<string | null>`(array_agg(${agentLogs.content} order by ${agentLogs.seq} desc) filter (where ${agentLogs.role} in ('user', 'assistant')))[1]`,
        })
        .from(agentLogs)
        .leftJoin(lastResets, eq(lastResets.threadId, agentLogs.threadId))
        .where(
          and(
            eq(agentLogs.agentId, input.agentId),
            eq(agentLogs.userId, input.userId),
            ne(agentLogs.role, 'reset'),
            gt(agentLogs.seq, sql`coalesce(${lastResets.seq}, 0)`),
          ),
        )
        .groupBy(agentLogs.threadId)
        .orderBy(sql`max(${agentLogs.seq}) desc`);
      return rows.map((row) => ({
        threadId: row.threadId,
        messageCount: row.messageCount,
        lastMessageAt: row.lastMessageAt,
        preview: (row.preview ?? '').slice(0, PREVIEW_CHARS),
      }));
    },
  } satisfies AgentLogStore);
}
