import { and, asc, eq } from 'drizzle-orm';
import type { Run } from '../domain/index.js';
import type { RunStore } from '../ports/index.js';
import { withDomainErrors } from './db-errors.js';
import type { ExecutorFor } from './executor.js';
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

export function createRunStore(on: ExecutorFor): RunStore {
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
    async listRunning(instanceId) {
      const running = eq(runs.status, 'running');
      const where = instanceId === undefined ? running : and(running, eq(runs.instanceId, instanceId));
      const rows = await on().select().from(runs).where(where).orderBy(asc(runs.startedAt), asc(runs.runId));
      return rows.map(toRun);
    },
  } satisfies RunStore);
}
