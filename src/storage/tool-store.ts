import { asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { SealedSecret, Tool } from '../domain/index.js';
import type { ToolPatch, ToolStore } from '../ports/index.js';
import { withDomainErrors } from './db-errors.js';
import type { ExecutorFor } from './executor.js';
import { assertSealedEnv } from './sealed-env.js';
import { tools } from './schema.js';
import { isUuid } from './uuid.js';

type ToolRow = typeof tools.$inferSelect;

/** Secrets leave the row as names only; the sealed values stay behind in the store. */
export function toTool(row: ToolRow): Tool {
  return {
    toolId: row.toolId,
    name: row.name,
    description: row.description,
    kind: row.kind,
    config: row.config,
    envKeys: Object.keys(row.env).sort(),
    onStatus: row.onStatus,
    companyId: row.companyId,
    userId: row.userId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function patchValues(patch: ToolPatch): Partial<typeof tools.$inferInsert> {
  const values: Partial<typeof tools.$inferInsert> = {};
  if (patch.name !== undefined) values.name = patch.name;
  if (patch.description !== undefined) values.description = patch.description;
  if (patch.config !== undefined) values.config = patch.config;
  if (patch.env !== undefined) values.env = assertSealedEnv(patch.env);
  if (patch.onStatus !== undefined) values.onStatus = patch.onStatus;
  if (patch.companyId !== undefined) values.companyId = patch.companyId;
  return values;
}

export function createToolStore(on: ExecutorFor): ToolStore {
  return withDomainErrors({
    async create(input, tx) {
      const [row] = await on(tx)
        .insert(tools)
        .values({
          name: input.name,
          description: input.description,
          kind: input.kind,
          config: input.config,
          env: assertSealedEnv(input.env),
          onStatus: input.onStatus,
          companyId: input.companyId,
          userId: input.userId,
        })
        .returning();
      return toTool(row!);
    },
    async findById(toolId) {
      if (!isUuid(toolId)) return null;
      const [row] = await on().select().from(tools).where(eq(tools.toolId, toolId));
      return row ? toTool(row) : null;
    },
    async findByIds(toolIds) {
      const ids = [...new Set(toolIds.filter(isUuid).map((id) => id.toLowerCase()))];
      if (ids.length === 0) return [];
      const rows = await on().select().from(tools).where(inArray(tools.toolId, ids));
      const byId = new Map(rows.map((row) => [row.toolId, toTool(row)]));
      // In the order asked for: an agent's tool order is the order the model sees them in.
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    async listVisibleTo(input) {
      const companyIds = input.companyIds.filter(isUuid);
      const conditions: SQL[] = [];
      if (isUuid(input.userId)) conditions.push(eq(tools.userId, input.userId));
      if (companyIds.length > 0) conditions.push(inArray(tools.companyId, companyIds));
      if (conditions.length === 0) return [];
      const rows = await on()
        .select()
        .from(tools)
        .where(or(...conditions))
        .orderBy(asc(sql`lower(${tools.name})`), asc(tools.toolId));
      return rows.map(toTool);
    },
    async update(toolId, patch) {
      if (!isUuid(toolId)) return null;
      const [row] = await on()
        .update(tools)
        .set({ ...patchValues(patch), updatedAt: sql`now()` })
        .where(eq(tools.toolId, toolId))
        .returning();
      return row ? toTool(row) : null;
    },
    async delete(toolId) {
      if (!isUuid(toolId)) return false;
      const removed = await on().delete(tools).where(eq(tools.toolId, toolId)).returning({ toolId: tools.toolId });
      return removed.length > 0;
    },
    async loadSealedEnv(toolId) {
      if (!isUuid(toolId)) return {};
      const [row] = await on().select({ env: tools.env }).from(tools).where(eq(tools.toolId, toolId));
      return row?.env ?? {};
    },
    async listAllSealedEnv() {
      const rows = await on()
        .select({ toolId: tools.toolId, env: tools.env })
        .from(tools)
        .where(sql`${tools.env} <> '{}'::jsonb`)
        .orderBy(asc(tools.toolId));
      return rows.map((row): { toolId: string; env: Record<string, SealedSecret> } => ({ toolId: row.toolId, env: row.env }));
    },
    async replaceSealedEnv(toolId, env, tx) {
      if (!isUuid(toolId)) return;
      // Key rotation re-seals values without changing what the tool is, so updatedAt stays.
      await on(tx)
        .update(tools)
        .set({ env: assertSealedEnv(env) })
        .where(eq(tools.toolId, toolId));
    },
  } satisfies ToolStore);
}
