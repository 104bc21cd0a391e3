import { and, asc, desc, eq, gt, max, or, sql } from 'drizzle-orm';
import { ConflictError } from '../domain/index.js';
import type { FastworkflowStore, FwConversation, FwFeedback, FwSession, FwUserKey } from '../ports/index.js';
import { withDomainErrors } from './db-errors.js';
import type { ExecutorFor } from './executor.js';
import { fwConversations, fwFeedback, fwSessions } from './schema.js';
import { isUuid } from './uuid.js';

export function toFwSession(row: typeof fwSessions.$inferSelect): FwSession {
  return {
    ownerUserId: row.ownerUserId,
    fwUserId: row.fwUserId,
    agentId: row.agentId,
    context: row.context,
    showAgentTraces: row.showAgentTraces,
    activeConversationId: row.activeConversationId,
    createdAt: row.createdAt,
  };
}

export function toFwConversation(row: typeof fwConversations.$inferSelect): FwConversation {
  return {
    ownerUserId: row.ownerUserId,
    fwUserId: row.fwUserId,
    conversationId: row.conversationId,
    topic: row.topic,
    summary: row.summary,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toFwFeedback(row: typeof fwFeedback.$inferSelect): FwFeedback {
  return {
    runId: row.runId,
    ownerUserId: row.ownerUserId,
    fwUserId: row.fwUserId,
    binaryOrNumericScore: row.binaryOrNumericScore ?? null,
    nlFeedback: row.nlFeedback,
    createdAt: row.createdAt,
  };
}

const sessionIs = (key: FwUserKey) => and(eq(fwSessions.ownerUserId, key.ownerUserId), eq(fwSessions.fwUserId, key.fwUserId));
const conversationsOf = (key: FwUserKey) =>
  and(eq(fwConversations.ownerUserId, key.ownerUserId), eq(fwConversations.fwUserId, key.fwUserId));

export function createFastworkflowStore(on: ExecutorFor): FastworkflowStore {
  return withDomainErrors({
    async getSession(ownerUserId, fwUserId, tx) {
      if (!isUuid(ownerUserId)) return null;
      const [row] = await on(tx).select().from(fwSessions).where(sessionIs({ ownerUserId, fwUserId }));
      return row ? toFwSession(row) : null;
    },
    async createSessionIfAbsent(session, tx) {
      const executor = on(tx);
      const [created] = await executor
        .insert(fwSessions)
        .values({
          ownerUserId: session.ownerUserId,
          fwUserId: session.fwUserId,
          agentId: session.agentId,
          context: session.context,
          showAgentTraces: session.showAgentTraces,
          activeConversationId: session.activeConversationId,
        })
        .onConflictDoNothing({ target: [fwSessions.ownerUserId, fwSessions.fwUserId] })
        .returning();
      if (created) return toFwSession(created);
      // Someone else created it first: the existing session wins and its parameters are kept (seed A.4).
      const [existing] = await executor.select().from(fwSessions).where(sessionIs(session));
      return toFwSession(existing!);
    },
    async setActiveConversation(key, tx) {
      if (!isUuid(key.ownerUserId)) return false;
      const updated = await on(tx)
        .update(fwSessions)
        .set({ activeConversationId: key.conversationId })
        .where(sessionIs(key))
        .returning({ fwUserId: fwSessions.fwUserId });
      return updated.length > 0;
    },
    async upsertConversation(input, tx) {
      const [row] = await on(tx)
        .insert(fwConversations)
        .values({
          ownerUserId: input.ownerUserId,
          fwUserId: input.fwUserId,
          conversationId: input.conversationId,
          topic: input.topic,
          summary: input.summary,
          createdAt: input.updatedAt,
          updatedAt: input.updatedAt,
        })
        .onConflictDoUpdate({
          target: [fwConversations.ownerUserId, fwConversations.fwUserId, fwConversations.conversationId],
          set: { topic: input.topic, summary: input.summary, updatedAt: input.updatedAt },
        })
        .returning();
      return toFwConversation(row!);
    },
    async listConversations(ownerUserId, fwUserId, limit, tx) {
      if (!isUuid(ownerUserId) || limit <= 0) return [];
      const rows = await on(tx)
        .select()
        .from(fwConversations)
        .where(conversationsOf({ ownerUserId, fwUserId }))
        .orderBy(desc(fwConversations.updatedAt), desc(fwConversations.conversationId))
        .limit(limit);
      return rows.map(toFwConversation);
    },
    async getConversation(key, tx) {
      if (!isUuid(key.ownerUserId)) return null;
      const [row] = await on(tx)
        .select()
        .from(fwConversations)
        .where(and(conversationsOf(key), eq(fwConversations.conversationId, key.conversationId)));
      return row ? toFwConversation(row) : null;
    },
    async maxConversationId(ownerUserId, fwUserId, tx) {
      if (!isUuid(ownerUserId)) return 0;
      const [row] = await on(tx)
        .select({ highest: max(fwConversations.conversationId) })
        .from(fwConversations)
        .where(conversationsOf({ ownerUserId, fwUserId }));
      return Number(row?.highest ?? 0);
    },
    async listAllSessions(page, tx) {
      const after = page.after;
      const rows = await on(tx)
        .select()
        .from(fwSessions)
        .where(after ? or(gt(fwSessions.ownerUserId, after.ownerUserId), and(eq(fwSessions.ownerUserId, after.ownerUserId), gt(fwSessions.fwUserId, after.fwUserId))) : undefined)
        .orderBy(asc(fwSessions.ownerUserId), asc(fwSessions.fwUserId))
        .limit(page.limit);
      return rows.map(toFwSession);
    },
    async listAllConversationsOf(key, tx) {
      if (!isUuid(key.ownerUserId)) return [];
      const rows = await on(tx).select().from(fwConversations).where(conversationsOf(key)).orderBy(asc(fwConversations.conversationId));
      return rows.map(toFwConversation);
    },
    async listFeedbackOf(key, tx) {
      if (!isUuid(key.ownerUserId)) return [];
      const rows = await on(tx)
        .select()
        .from(fwFeedback)
        .where(and(eq(fwFeedback.ownerUserId, key.ownerUserId), eq(fwFeedback.fwUserId, key.fwUserId)));
      return rows.map(toFwFeedback);
    },
    async saveFeedback(input, tx) {
      const values = {
        runId: input.runId,
        ownerUserId: input.ownerUserId,
        fwUserId: input.fwUserId,
        binaryOrNumericScore: input.binaryOrNumericScore,
        nlFeedback: input.nlFeedback,
        ...(input.createdAt ? { createdAt: input.createdAt } : {}),
      };
      const [row] = await on(tx)
        .insert(fwFeedback)
        .values(values)
        .onConflictDoUpdate({
          target: fwFeedback.runId,
          set: { binaryOrNumericScore: values.binaryOrNumericScore, nlFeedback: values.nlFeedback, createdAt: input.createdAt ?? sql`now()` },
          // Only the run's own fastworkflow user may overwrite its feedback.
          setWhere: and(eq(fwFeedback.ownerUserId, input.ownerUserId), eq(fwFeedback.fwUserId, input.fwUserId)),
        })
        .returning();
      if (!row) throw new ConflictError('Feedback for this run was given by another user');
      return toFwFeedback(row);
    },
  } satisfies FastworkflowStore);
}
