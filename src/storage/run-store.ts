import { and, asc, eq } from 'drizzle-orm';
import type { Run } from '../domain/index.js';
import type { RunStore } from '../ports/index.js';
import { withDomainErrors } from './db-errors.js';
import type { ExecutorFor } from './executor.js';
import { oneRow, type RawSql } from './raw-sql.js';
import { runs } from './schema.js';
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

const CREATE_MANY = `
  insert into runs (run_id, agent_id, user_id, thread_id, model, status, surface, started_at, instance_id)
  select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[])`;

const CREATE_ONE = `
  insert into runs (run_id, agent_id, user_id, thread_id, model, status, surface, started_at, instance_id)
  values ($1::uuid, $2::uuid, $3::uuid, $4::text, $5::text, $6::text, $7::text, $8::timestamptz, $9::text)`;

const FINISH_ONE = `
  update runs set status = $2::text, ended_at = $3::timestamptz, usage = $4::jsonb, error_code = $5::text, error_detail = $6::text
  where run_id = $1::uuid and status = 'running'`;

const FINISH_MANY = `
  update runs set status = v.status, ended_at = v.ended_at, usage = v.usage, error_code = v.error_code, error_detail = v.error_detail
  from unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::jsonb[], $5::text[], $6::text[]) as v(run_id, status, ended_at, usage, error_code, error_detail)
  where runs.run_id = v.run_id and runs.status = 'running'`;

export function createRunStore(on: ExecutorFor, raw: RawSql): RunStore {
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
      // one statement whatever the batch size: columns travel as arrays (fixed text, no per-row SQL building)
      const column = <T>(pick: (run: (typeof batch)[number]) => T) => batch.map(pick);
      const params = [
        column((r) => r.runId),
        column((r) => r.agentId),
        column((r) => r.userId),
        column((r) => r.threadId),
        column((r) => r.model),
        column((r) => r.status),
        column((r) => r.surface),
        column((r) => r.startedAt.toISOString()),
        column((r) => r.instanceId),
      ];
      await (batch.length === 1 ? raw(CREATE_ONE, oneRow(params)) : raw(CREATE_MANY, params));
    },
    async findById(runId) {
      if (!isUuid(runId)) return null;
      const [row] = await on().select().from(runs).where(eq(runs.runId, runId));
      return row ? toRun(row) : null;
    },
    async finish(runId, outcome) {
      if (!isUuid(runId)) return;
      // The first outcome wins: a late finish cannot rewrite a run that already ended.
      await on()
        .update(runs)
        .set({
          status: outcome.status,
          endedAt: outcome.endedAt,
          usage: outcome.usage,
          errorCode: outcome.errorCode,
          errorDetail: outcome.errorDetail,
        })
        .where(and(eq(runs.runId, runId), eq(runs.status, 'running')));
    },
    async finishMany(items) {
      // the first outcome wins, within a batch too
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
      await (valid.length === 1 ? raw(FINISH_ONE, oneRow(params)) : raw(FINISH_MANY, params));
    },
    async listRunning(instanceId) {
      const running = eq(runs.status, 'running');
      const where = instanceId === undefined ? running : and(running, eq(runs.instanceId, instanceId));
      const rows = await on().select().from(runs).where(where).orderBy(asc(runs.startedAt), asc(runs.runId));
      return rows.map(toRun);
    },
  } satisfies RunStore);
}
