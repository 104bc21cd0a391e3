import { and, asc, eq, gt, ne, sql } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { InvalidInputError, timeOrderedUuid, type AgentLogMessage } from '../domain/index.js';
import type { AgentLogStore, NewAgentLogMessage, ThreadKey } from '../ports/index.js';
import { withDomainErrors } from './db-errors.js';
import type { ExecutorFor } from './executor.js';
import { batchInsert } from './batch-insert.js';
import { boundSql, type RawSql } from './raw-sql.js';
import { agentLogs } from './schema.js';
import { isUuid } from './uuid.js';

type LogRow = typeof agentLogs.$inferSelect;

const MESSAGE_ROLES = new Set(['user', 'assistant', 'tool']);
const PREVIEW_CHARS = 120;

/** The fields a stored message shares with a row and with a message to store; role as the table holds it. */
type MessageFields = Omit<NewAgentLogMessage, 'role' | 'createdAt'> & { role: string };

/**
 * One message, every field written out (not `{ ...m, … }`: an object spread followed by more properties is
 * slow on Node 20, docs/decisions/0700); serves rows read back and messages about to be stored.
 */
function messageOf(m: MessageFields, messageId: string, createdAt: Date): AgentLogMessage {
  return {
    messageId,
    agentId: m.agentId,
    userId: m.userId,
    threadId: m.threadId,
    runId: m.runId,
    role: m.role as AgentLogMessage['role'],
    content: m.content,
    toolName: m.toolName,
    toolCallId: m.toolCallId,
    toolInput: m.toolInput ?? null,
    toolOutput: m.toolOutput ?? null,
    model: m.model,
    inputTokens: m.inputTokens,
    outputTokens: m.outputTokens,
    outcome: m.outcome,
    createdAt,
  };
}

/** A reset row maps with role 'reset'; only fullHistory returns such rows (see docs/decisions/0101). */
export function toAgentLogMessage(row: LogRow): AgentLogMessage {
  return messageOf(row, row.messageId, row.createdAt);
}

const isValidKey = (key: ThreadKey): boolean => isUuid(key.agentId) && isUuid(key.userId);

function threadIs(table: { agentId: AnyPgColumn; userId: AnyPgColumn; threadId: AnyPgColumn }, key: ThreadKey) {
  return and(eq(table.agentId, key.agentId), eq(table.userId, key.userId), eq(table.threadId, key.threadId));
}

/** A row of a raw query (snake_case, as the driver hands it back) as a message. */
function fromRawRow(row: Record<string, unknown>): AgentLogMessage {
  const createdAt = row.created_at;
  return {
    messageId: row.message_id as string,
    agentId: row.agent_id as string,
    userId: row.user_id as string,
    threadId: row.thread_id as string,
    runId: (row.run_id as string | null) ?? null,
    role: row.role as AgentLogMessage['role'],
    content: row.content as string,
    toolName: (row.tool_name as string | null) ?? null,
    toolCallId: (row.tool_call_id as string | null) ?? null,
    toolInput: row.tool_input ?? null,
    toolOutput: row.tool_output ?? null,
    model: (row.model as string | null) ?? null,
    inputTokens: row.input_tokens === null || row.input_tokens === undefined ? null : Number(row.input_tokens),
    outputTokens: row.output_tokens === null || row.output_tokens === undefined ? null : Number(row.output_tokens),
    outcome: (row.outcome as string | null) ?? null,
    createdAt: toDate(createdAt),
  };
}

/** Drivers hand timestamps of raw queries back as Date or as text ("2026-01-02 03:04:05.678+00"). */
function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * Ids and times come from here, not from column defaults: the row needs no RETURNING (no result rows to
 * encode and parse) and PGlite no gen_random_uuid() (~12 µs each: it reads /dev/urandom through the WASM file
 * system). Order within a thread is `seq`, so times from several instances' clocks never reorder a thread.
 */
const insertMessages = batchInsert<AgentLogMessage>(
  'agent_logs',
  [
    { name: 'message_id', type: 'uuid', value: (m) => m.messageId },
    { name: 'agent_id', type: 'uuid', value: (m) => m.agentId },
    { name: 'user_id', type: 'uuid', value: (m) => m.userId },
    { name: 'thread_id', type: 'text', value: (m) => m.threadId },
    { name: 'run_id', type: 'uuid', value: (m) => m.runId },
    { name: 'role', type: 'text', value: (m) => m.role },
    { name: 'content', type: 'text', value: (m) => m.content },
    { name: 'tool_name', type: 'text', value: (m) => m.toolName },
    { name: 'tool_call_id', type: 'text', value: (m) => m.toolCallId },
    { name: 'tool_input', type: 'jsonb', value: (m) => json(m.toolInput) },
    { name: 'tool_output', type: 'jsonb', value: (m) => json(m.toolOutput) },
    { name: 'model', type: 'text', value: (m) => m.model },
    { name: 'input_tokens', type: 'int', value: (m) => m.inputTokens },
    { name: 'output_tokens', type: 'int', value: (m) => m.outputTokens },
    { name: 'outcome', type: 'text', value: (m) => m.outcome },
    { name: 'created_at', type: 'timestamptz', value: (m) => m.createdAt.toISOString() },
  ],
);

// each thread's newest $5 messages (all when NULL) since its last reset (docs/decisions/0101), all threads in one query
const HISTORY_OF_THREADS = `
  select k.i, m.* from unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) as k(agent_id, user_id, thread_id, i)
  cross join lateral (
    select l.* from agent_logs l
    where l.agent_id = k.agent_id and l.user_id = k.user_id and l.thread_id = k.thread_id and l.role <> 'reset'
      and l.seq > coalesce((select max(r.seq) from agent_logs r where r.agent_id = k.agent_id and r.user_id = k.user_id and r.thread_id = k.thread_id and r.role = 'reset'), 0)
    order by l.seq desc limit $5
  ) m
  order by k.i, m.seq`;

export function createAgentLogStore(on: ExecutorFor, raw: RawSql): AgentLogStore {
  /** Each thread's newest `limit` messages (all with null) since its last reset, oldest first, in one query. */
  async function readThreads(keys: ThreadKey[], limit: number | null): Promise<AgentLogMessage[][]> {
    const valid = keys.map((key, index) => ({ key, index })).filter(({ key }) => isValidKey(key));
    const answers: AgentLogMessage[][] = keys.map(() => []);
    if (valid.length === 0 || (limit !== null && limit <= 0)) return answers;
    const rows = await raw(HISTORY_OF_THREADS, [
      valid.map(({ key }) => key.agentId),
      valid.map(({ key }) => key.userId),
      valid.map(({ key }) => key.threadId),
      valid.map(({ index }) => index),
      limit,
    ]);
    for (const row of rows) answers[Number(row.i)]!.push(fromRawRow(row));
    return answers;
  }

  return withDomainErrors({
    async append(messages, tx) {
      if (messages.length === 0) return [];
      for (const message of messages) {
        if (!MESSAGE_ROLES.has(message.role)) throw new InvalidInputError('A message role must be user, assistant or tool');
      }
      // One statement whatever the batch size; seq follows the order of `messages`.
      const now = new Date();
      const stored: AgentLogMessage[] = messages.map((m) => messageOf(m, timeOrderedUuid(), m.createdAt ?? now));
      const { text, params } = insertMessages(stored);
      // inside a caller's transaction the statement must go through it; otherwise straight to the driver
      if (tx === undefined) await raw(text, params);
      else await on(tx).execute(boundSql(text, params));
      return stored;
    },
    async history(key, options) {
      const [rows] = await readThreads([key], options?.limit ?? null);
      return rows!;
    },
    historyOfThreads: readThreads,
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
