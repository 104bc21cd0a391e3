import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor, Agent, SequencedEvent } from '../../src/domain/index.js';
import type { AgentLogStore, RunLocks } from '../../src/ports/index.js';
import { createMemoryRunCancellation, createMemoryRunEventLog, createMemoryRunLocks } from '../../src/runs/index.js';
import { createInvokeAgent, threadLockKey } from '../../src/services/invoke-agent.js';
import { createRunExecutor } from '../../src/services/run-executor.js';

const actor: Actor = { userId: 'u1', email: 'u1@example.com', isAdmin: false, tokenId: 't1' };
const agent: Agent = {
  agentId: 'a1',
  agentName: 'A',
  description: '',
  agentStyle: '',
  onStatus: true,
  modelName: 'fake/model',
  tools: [],
  companyId: null,
  userId: 'u1',
  shareEditorWith: [],
  shareVisitorWith: [],
  createdAt: new Date(),
  updatedAt: new Date(),
};
const noMetrics = { runStarted() {}, runEnded() {}, firstToken() {}, toolCall() {}, providerError() {} };
const command = (threadId: string) => ({ message: 'hi', context: '', threadId, resetMemory: false, loadFromJson: false, agentStyle: '', agentDraft: null, surface: 'agent-invoke' as const });

/** The engine as app.ts wires it, on the in-memory backends, with a model that answers "hello". */
function engine(maxConcurrentRunsPerUser: number, options: { failRunRow?: boolean; failHistory?: boolean; locks?: RunLocks } = {}) {
  const locks = options.locks ?? createMemoryRunLocks();
  const runLog = createMemoryRunEventLog();
  const appended: string[] = [];
  const agentLogs = {
    append: async (messages: Array<{ role: string }>) => {
      appended.push(...messages.map((m) => m.role));
      return [];
    },
    history: async () => {
      if (options.failHistory) throw new Error('history unreadable');
      return [];
    },
    reset: async () => {},
  } as unknown as AgentLogStore;
  const executor = createRunExecutor({
    modelGateway: {
      async stream(_request, handlers) {
        handlers.onText('hello');
        return { text: 'hello', toolCalls: [], usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 }, finishReason: 'stop' };
      },
    },
    toolRunner: { describe: async () => [], execute: async () => { throw new Error('no tools here'); } } as never,
    agentLogs,
    runs: { finish: async () => {} },
    clock: { now: () => new Date() },
    logError: () => {},
    metrics: noMetrics,
    maxSteps: 4,
  });
  const invoke = createInvokeAgent({
    loadAgentFor: async () => ({ agent, relation: 'owner' as never }),
    tools: { findByIds: async () => [], listVisibleTo: async () => [] },
    companies: { rolesOf: async () => new Map() },
    agentLogs,
    runs: {
      create: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5)); // the model answers before the write fails
        if (options.failRunRow) throw new Error('database down');
      },
    } as never,
    runLog,
    locks,
    cancellation: createMemoryRunCancellation(),
    modelGateway: { hasModel: () => true },
    executor,
    metrics: noMetrics,
    clock: { now: () => new Date() },
    instanceId: 'test',
    runTimeoutSeconds: 30,
    maxConcurrentRunsPerUser,
    historyLimit: 200,
  });
  return { invoke, locks: locks as RunLocks, runLog, appended };
}

describe('a run frees its thread before it announces its end, and is only seen once stored', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('no longer holds the thread lock when a watcher receives `end`', async () => {
    const { invoke, locks, runLog } = engine(4);
    cleanups.push(() => runLog.shutdown?.() ?? Promise.resolve());
    const started = await invoke.start(actor, agent.agentId, command('t1'));
    const holderAtEnd = new Promise<string | null>((resolve) => {
      void started.subscribe(0, (entry: SequencedEvent) => {
        // asked synchronously inside the delivery of `end`: the answer is the lock's state at that instant
        if (entry.event.type === 'end') resolve(locks.holder(threadLockKey(agent.agentId, actor.userId, 't1')));
      });
    });
    expect(await holderAtEnd).toBeNull();
    await started.done;
  });

  it('takes the next message on the thread the moment `end` arrives, even at one run per user', async () => {
    const { invoke, runLog } = engine(1);
    cleanups.push(() => runLog.shutdown?.() ?? Promise.resolve());
    const first = await invoke.start(actor, agent.agentId, command('t2'));
    const next = new Promise<string>((resolve, reject) => {
      void first.subscribe(0, (entry: SequencedEvent) => {
        if (entry.event.type === 'end') invoke.start(actor, agent.agentId, command('t2')).then((run) => resolve(run.runId), reject);
      });
    });
    const nextRunId = await next;
    expect(nextRunId).not.toBe(first.runId);
    await first.done;
  });

  it('refuses the run and stores no answer when its row cannot be written, though the model already answered', async () => {
    const { invoke, locks, runLog, appended } = engine(1, { failRunRow: true });
    cleanups.push(() => runLog.shutdown?.() ?? Promise.resolve());
    await expect(invoke.start(actor, agent.agentId, command('t3'))).rejects.toThrow('database down');
    expect(appended).toEqual(['user']); // the user's message (its own write), no assistant row for a run that does not exist
    expect(await locks.holder(threadLockKey(agent.agentId, actor.userId, 't3'))).toBeNull();
    expect(invoke.activeRunCount()).toBe(0);
  });

  it('leaves no listener on a lease signal shared between leases (the port allows it), after a run or a failed start', async () => {
    const shared = new AbortController().signal;
    const sharing = (inner: RunLocks): RunLocks => ({
      ...inner,
      async tryAcquire(key, runId) {
        const result = await inner.tryAcquire(key, runId);
        return result.acquired ? { acquired: true, lease: { ...result.lease, lost: shared, release: result.lease.release } } : result;
      },
    });
    const { invoke, runLog } = engine(4, { locks: sharing(createMemoryRunLocks()) });
    cleanups.push(() => runLog.shutdown?.() ?? Promise.resolve());
    const started = await invoke.start(actor, agent.agentId, command('t4'));
    expect(getEventListeners(shared, 'abort')).toHaveLength(1); // the run listens while it holds the lease
    await started.done;
    for (const thread of ['t5', 't6']) await (await invoke.start(actor, agent.agentId, command(thread))).done;
    const failing = engine(4, { failHistory: true, locks: sharing(createMemoryRunLocks()) });
    cleanups.push(() => failing.runLog.shutdown?.() ?? Promise.resolve());
    await expect(failing.invoke.start(actor, agent.agentId, command('t7'))).rejects.toThrow('history unreadable');
    expect(getEventListeners(shared, 'abort')).toHaveLength(0);
  });

  it('gives in-memory leases no lost signal: in one process a lease cannot be taken away', async () => {
    const result = await createMemoryRunLocks().tryAcquire('k', 'r1');
    if (!result.acquired) throw new Error('the lock is free');
    expect(result.lease.lost).toBeNull();
  });
});
