import { describe, expect, it } from 'vitest';
import type { AgentLogMessage } from '../domain/index.js';
import type { AgentLogStore, NewRun, RunOutcome, RunStore, ThreadKey } from '../ports/index.js';
import { batchHistoryReads } from './batch-history-reads.js';
import { coalesceRunWrites } from './coalesce-run-writes.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
const key = (threadId: string): ThreadKey => ({ agentId: 'a', userId: 'u', threadId });
const row = (threadId: string, content: string) => ({ threadId, content }) as AgentLogMessage;

describe('batchHistoryReads', () => {
  function fakeLogs() {
    const calls: Array<{ threads: string[]; limit: number }> = [];
    const store = {
      async history() {
        return [row('whole', 'everything')];
      },
      async historyOfThreads(keys: ThreadKey[], limit: number) {
        calls.push({ threads: keys.map((k) => k.threadId), limit });
        await tick();
        return keys.map((k) => [row(k.threadId, `${k.threadId}@${limit}`)]);
      },
    } as unknown as AgentLogStore;
    return { store, calls };
  }

  it('reads the first thread at once and the threads asked for meanwhile in one query, each caller its own', async () => {
    const fake = fakeLogs();
    const logs = batchHistoryReads(fake.store);
    const first = logs.history(key('t1'), { limit: 200 });
    await new Promise((resolve) => setTimeout(resolve, 1));
    const rest = ['t2', 't3', 't4'].map((t) => logs.history(key(t), { limit: 200 }));
    const answers = await Promise.all([first, ...rest]);
    expect(fake.calls).toEqual([
      { threads: ['t1'], limit: 200 },
      { threads: ['t2', 't3', 't4'], limit: 200 },
    ]);
    expect(answers.map((rows) => rows[0]!.content)).toEqual(['t1@200', 't2@200', 't3@200', 't4@200']);
  });

  it('keeps different limits apart and sends reads without a limit straight to the store', async () => {
    const fake = fakeLogs();
    const logs = batchHistoryReads(fake.store);
    const [a, b, whole] = await Promise.all([logs.history(key('a'), { limit: 1 }), logs.history(key('b'), { limit: 7 }), logs.history(key('c'))]);
    expect(a[0]!.content).toBe('a@1');
    expect(b[0]!.content).toBe('b@7');
    expect(whole[0]!.content).toBe('everything');
    expect(fake.calls).toEqual([
      { threads: ['a'], limit: 1 },
      { threads: ['b'], limit: 7 },
    ]);
  });
});

describe('coalesceRunWrites', () => {
  function fakeRuns(failOn?: string) {
    const creates: string[][] = [];
    const finishes: string[][] = [];
    const store = {
      async create(run: NewRun) {
        return { ...run, endedAt: null, usage: null, errorCode: null, errorDetail: null };
      },
      async createMany(runs: NewRun[]) {
        creates.push(runs.map((r) => r.runId));
        await tick();
        if (runs.some((r) => r.runId === failOn)) throw new Error('duplicate');
      },
      async finishMany(items: Array<{ runId: string; outcome: RunOutcome }>) {
        finishes.push(items.map((i) => i.runId));
        await tick();
      },
    } as unknown as RunStore;
    return { store, creates, finishes };
  }
  const run = (runId: string): NewRun => ({ runId, agentId: 'a', userId: 'u', threadId: 't', model: 'm', status: 'running', surface: 'agent-invoke', startedAt: new Date(0), instanceId: 'i' });
  const outcome: RunOutcome = { status: 'completed', endedAt: new Date(0), usage: null, errorCode: null, errorDetail: null };

  it('writes run rows and outcomes made meanwhile as one statement each, and answers the run as created', async () => {
    const fake = fakeRuns();
    const runs = coalesceRunWrites(fake.store);
    const created = await Promise.all(['r1', 'r2', 'r3'].map((id) => runs.create(run(id))));
    await Promise.all(['r1', 'r2'].map((id) => runs.finish(id, outcome)));
    expect(fake.creates).toEqual([['r1', 'r2', 'r3']]);
    expect(fake.finishes).toEqual([['r1', 'r2']]);
    expect(created[1]).toEqual({ ...run('r2'), endedAt: null, usage: null, errorCode: null, errorDetail: null });
  });

  it('fails only the run whose row could not be written', async () => {
    const fake = fakeRuns('bad');
    const runs = coalesceRunWrites(fake.store);
    const [good, bad] = await Promise.allSettled([runs.create(run('good')), runs.create(run('bad'))]);
    expect(good.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
    expect(fake.creates).toEqual([['good', 'bad'], ['good'], ['bad']]);
  });
});
