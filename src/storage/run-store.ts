import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Run } from '../domain/index.js';
import type { NewRun, RunListQuery, RunOutcome, RunStore } from '../ports/index.js';
import { withDomainErrors } from './db-errors.js';
import type { ExecutorFor } from './executor.js';
import { batchInsert } from './batch-insert.js';
import type { RawSql } from './raw-sql.js';
import { agents, runs } from './schema.js';
import { isUuid } from './uuid.js';

type RunRow = typeof runs.$inferSelect;

export function toRun(row: RunRow): Run {
  return {
    runId: row.runId,
    agentId: row.agentId,
    userId: row.userId,
    threadId: row.threadId,
    model: row.model,
    status: row.status,
    surface: row.surface,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    usage: row.usage ?? null,
    errorCode: row.errorCode,
    errorDetail: row.errorDetail,
    instanceId: row.instanceId,
  };
}

const insertRuns = batchInsert<NewRun>('runs', [
  { name: 'run_id', type: 'uuid', value: (r) => r.runId },
  { name: 'agent_id', type: 'uuid', value: (r) => r.agentId },
  { name: 'user_id', type: 'uuid', value: (r) => r.userId },
  { name: 'thread_id', type: 'text', value: (r) => r.threadId },
  { name: 'model', type: 'text', value: (r) => r.model },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'surface', type: 'text', value: (r) => r.surface },
  { name: 'started_at', type: 'timestamptz', value: (r) => r.startedAt.toISOString() },
  { name: 'instance_id', type: 'text', value: (r) => r.instanceId },
]);

// the first outcome wins: a late finish cannot rewrite a run that already ended (nor a later item of a batch)
const FINISH_MANY = `
  update runs set status = v.status, ended_at = v.ended_at, usage = v.usage, error_code = v.error_code, error_detail = v.error_detail
  from unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::jsonb[], $5::text[], $6::text[]) as v(run_id, status, ended_at, usage, error_code, error_detail)
  where runs.run_id = v.run_id and runs.status = 'running'`;

/** issue 18: the filters of GET /runs; keyset `before` compares (started_at, run_id) inside SQL (microseconds kept). */
function listConditions(query: RunListQuery): SQL[] {
  const where: SQL[] = [eq(runs.userId, query.userId)];
  if (query.status !== undefined) where.push(eq(runs.status, query.status));
  if (query.agentId !== undefined) where.push(eq(runs.agentId, query.agentId));
  const before = query.before;
  if (before !== undefined && 'time' in before) where.push(lt(runs.startedAt, before.time));
  if (before !== undefined && 'runId' in before) {
    where.push(
      sql`(${runs.startedAt}, ${runs.runId}) < (select b.started_at, b.run_id from runs b where b.run_id = ${before.runId} and b.user_id = ${query.userId})`,
    );
  }
  return where;
}

export function createRunStore(on: ExecutorFor, raw: RawSql): RunStore {
  async function finishMany(items: Array<{ runId: string; outcome: RunOutcome }>): Promise<void> {
    const seen = new Set<string>();
    const valid = items.filter((item) => isUuid(item.runId) && !seen.has(item.runId) && seen.add(item.runId));
    if (valid.length === 0) return;
    const o = valid.map((item) => item.outcome);
    const params = [
      valid.map((item) => item.runId),
      o.map((x) => x.status),
      o.map((x) => x.endedAt.toISOString()),
      o.map((x) => (x.usage === null ? null : JSON.stringify(x.usage))),
      o.map((x) => x.errorCode),
      o.map((x) => x.errorDetail),
    ];
    await raw(FINISH_MANY, params);
  }

  return withDomainErrors({
    async create(run, tx) {
      const [row] = await on(tx)
        .insert(runs)
        .values({
          runId: run.runId,
          agentId: run.agentId,
          userId: run.userId,
          threadId: run.threadId,
          model: run.model,
          status: run.status,
          surface: run.surface,
          startedAt: run.startedAt,
          instanceId: run.instanceId,
        })
        .returning();
      return toRun(row!);
    },
    async createMany(batch) {
      if (batch.length === 0) return;
      const statement = insertRuns(batch);
      await raw(statement.text, statement.params);
    },
    async findById(runId) {
      if (!isUuid(runId)) return null;
      const [row] = await on().select().from(runs).where(eq(runs.runId, runId));
      return row ? toRun(row) : null;
    },
    async finish(runId, outcome) {
      await finishMany([{ runId, outcome }]);
    },
    finishMany,
    async listForUser(query) {
      if (!isUuid(query.userId) || (query.agentId !== undefined && !isUuid(query.agentId))) return [];
      if (query.before !== undefined && 'runId' in query.before && !isUuid(query.before.runId)) return [];
      const rows = await on()
        .select({ run: runs, agentName: agents.agentName })
        .from(runs)
        .leftJoin(agents, eq(agents.agentId, runs.agentId))
        .where(and(...listConditions(query)))
        .orderBy(desc(runs.startedAt), desc(runs.runId))
        .limit(query.limit);
      return rows.map((row) => ({ ...toRun(row.run), agentName: row.agentName }));
    },
    async listRunning(instanceId) {
      const running = eq(runs.status, 'running');
      const where = instanceId === undefined ? running : and(running, eq(runs.instanceId, instanceId));
      const rows = await on().select().from(runs).where(where).orderBy(asc(runs.startedAt), asc(runs.runId));
      return rows.map(toRun);
    },
  } satisfies RunStore);
}
