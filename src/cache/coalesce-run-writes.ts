import type { Run } from '../domain/index.js';
import type { NewRun, RunOutcome, RunStore } from '../ports/index.js';
import { groupCommit } from './group-commit.js';

/**
 * Group commit for the two writes every run makes (its row at the start, its outcome at the end): calls made
 * while a batch is being written go out together as one statement (`createMany`, `finishMany`).
 */
export function coalesceRunWrites(inner: RunStore): RunStore {
  const create = groupCommit<NewRun, void>(async (runs) => {
    await inner.createMany(runs);
    return runs.map(() => undefined);
  });
  const finish = groupCommit<{ runId: string; outcome: RunOutcome }, void>(async (items) => {
    await inner.finishMany(items);
    return items.map(() => undefined);
  });
  return {
    ...inner,
    async create(run, tx) {
      if (tx !== undefined) return inner.create(run, tx);
      await create(run);
      const created: Run = Object.assign({ endedAt: null, usage: null, errorCode: null, errorDetail: null }, run);
      return created;
    },
    finish: (runId, outcome) => finish({ runId, outcome }),
  };
}
