import { asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Agent } from '../domain/index.js';
import type { AgentPatch, AgentStore } from '../ports/index.js';
import { withDomainErrors } from './db-errors.js';
import type { ExecutorFor } from './executor.js';
import { agents } from './schema.js';
import { isUuid } from './uuid.js';

type AgentRow = typeof agents.$inferSelect;

export function toAgent(row: AgentRow): Agent {
  return {
    agentId: row.agentId,
    agentName: row.agentName,
    description: row.description,
    agentStyle: row.agentStyle,
    onStatus: row.onStatus,
    modelName: row.modelName,
    tools: row.tools,
    companyId: row.companyId,
    userId: row.userId,
    shareEditorWith: row.shareEditorWith,
    shareVisitorWith: row.shareVisitorWith,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Share lists keep the spelling people typed; matching ignores case (SPEC §4). */
function listHasEmail(column: AnyPgColumn, email: string): SQL {
  return sql`exists (select 1 from unnest(${column}) as shared(email) where lower(shared.email) = ${email.trim().toLowerCase()})`;
}

function patchValues(patch: AgentPatch): Partial<typeof agents.$inferInsert> {
  const values: Partial<typeof agents.$inferInsert> = {};
  if (patch.agentName !== undefined) values.agentName = patch.agentName;
  if (patch.description !== undefined) values.description = patch.description;
  if (patch.agentStyle !== undefined) values.agentStyle = patch.agentStyle;
  if (patch.onStatus !== undefined) values.onStatus = patch.onStatus;
  if (patch.modelName !== undefined) values.modelName = patch.modelName;
  if (patch.tools !== undefined) values.tools = patch.tools;
  if (patch.companyId !== undefined) values.companyId = patch.companyId;
  if (patch.shareEditorWith !== undefined) values.shareEditorWith = patch.shareEditorWith;
  if (patch.shareVisitorWith !== undefined) values.shareVisitorWith = patch.shareVisitorWith;
  return values;
}

export function createAgentStore(on: ExecutorFor): AgentStore {
  return withDomainErrors({
    async create(input, tx) {
      const [row] = await on(tx)
        .insert(agents)
        .values({
          agentName: input.agentName,
          description: input.description,
          agentStyle: input.agentStyle,
          onStatus: input.onStatus,
          modelName: input.modelName,
          tools: input.tools,
          companyId: input.companyId,
          userId: input.userId,
          shareEditorWith: input.shareEditorWith,
          shareVisitorWith: input.shareVisitorWith,
        })
        .returning();
      return toAgent(row!);
    },
    async findById(agentId) {
      if (!isUuid(agentId)) return null;
      const [row] = await on().select().from(agents).where(eq(agents.agentId, agentId));
      return row ? toAgent(row) : null;
    },
    async listVisibleTo(input) {
      const companyIds = input.companyIds.filter(isUuid);
      const conditions: SQL[] = [listHasEmail(agents.shareEditorWith, input.email), listHasEmail(agents.shareVisitorWith, input.email)];
      if (isUuid(input.userId)) conditions.push(eq(agents.userId, input.userId));
      if (companyIds.length > 0) conditions.push(inArray(agents.companyId, companyIds));
      const rows = await on()
        .select()
        .from(agents)
        .where(or(...conditions))
        .orderBy(asc(sql`lower(${agents.agentName})`), asc(agents.agentId));
      return rows.map(toAgent);
    },
    async update(agentId, patch) {
      if (!isUuid(agentId)) return null;
      const [row] = await on()
        .update(agents)
        .set({ ...patchValues(patch), updatedAt: sql`now()` })
        .where(eq(agents.agentId, agentId))
        .returning();
      return row ? toAgent(row) : null;
    },
    async delete(agentId) {
      if (!isUuid(agentId)) return false;
      const removed = await on().delete(agents).where(eq(agents.agentId, agentId)).returning({ agentId: agents.agentId });
      return removed.length > 0;
    },
    async detachTool(toolId) {
      if (!isUuid(toolId)) return;
      await on()
        .update(agents)
        .set({ tools: sql`array_remove(${agents.tools}, ${toolId}::uuid)`, updatedAt: sql`now()` })
        .where(sql`${toolId}::uuid = any(${agents.tools})`);
    },
  } satisfies AgentStore);
}
