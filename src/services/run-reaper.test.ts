import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AgentLogMessage, Run, RunEvent, SequencedEvent } from '../domain/index.js';
import type { NewAgentLogMessage, RunEventLog, RunLocks, RunStore } from '../ports/index.js';
import { createMemoryRunEventLog } from '../runs/memory-run-event-log.js';
import { createMemoryRunLocks } from '../runs/memory-run-locks.js';
import { fwLockKey, fwThreadId } from './fastworkflow-keys.js';
import { threadLockKey } from './invoke-agent.js';
import { createRunReaper, runLockKey, transcriptRows } from './run-reaper.js';
import { logMessage } from '../../test/support/log-message.js';

const LEASE_MS = 3_000;

/** Stores, log and locks shared by the "instances" of one test; the clock is moved by hand. */
function cluster() {
  let nowMs = Date.parse('2025-01-01T00:00:00Z');
  const clock = { now: () => new Date(nowMs) };
  const runs = new Map<string, Run>();
  const messages: AgentLogMessage[] = [];
  const runStore: Pick<RunStore, 'listRunning' | 'findById' | 'finish'> = {
    listRunning: async () => [...runs.values()].filter((r) => r.status === 'running').map((r) => ({ ...r })),
    findById: async (runId) => (runs.has(runId) ? { ...runs.get(runId)! } : null),
    async finish(runId, outcome) {
      const run = runs.get(runId);
      if (run?.status === 'running') runs.set(runId, { ...run, ...outcome });
    },
  };
  const agentLogs = {
    append: async (rows: NewAgentLogMessage[]) => {
      const stored = rows.map((row) => ({ ...row, messageId: randomUUID(), createdAt: clock.now() }));
      messages.push(...stored);
      return stored;
    },
    history: async (key: { agentId: string; userId: string; threadId: string }) =>
      messages.filter((m) => m.agentId === key.agentId && m.userId === key.userId && m.threadId === key.threadId),
  };
  const runLog = createMemoryRunEventLog();
  const locks = createMemoryRunLocks();
  /** What the reapers logged as errors: every test expects none. */
  const errors: unknown[] = [];

  function reaper(overrides: { runLog?: Pick<RunEventLog, 'read' | 'appendTerminal'>; locks?: Pick<RunLocks, 'tryAcquire' | 'holder'> } = {}) {
    return createRunReaper({ runs: runStore, agentLogs, runLog: overrides.runLog ?? runLog, locks: overrides.locks ?? locks, clock, leaseMs: LEASE_MS, logError: (context) => errors.push(context) });
  }

  /** A run as invoke-agent leaves it: lock taken, row running, user message stored, events written. */
  async function startRun(events: RunEvent[], options: { surface?: Run['surface']; threadId?: string } = {}) {
    const run: Run = {
      runId: randomUUID(),
      agentId: 'agent-1',
      userId: 'user-1',
      threadId: options.threadId ?? `t-${randomUUID()}`,
      model: 'local/demo',
      status: 'running',
      surface: options.surface ?? 'agent-invoke',
      startedAt: clock.now(),
      endedAt: null,
      usage: null,
      errorCode: null,
      errorDetail: null,
      instanceId: 'instance-a',
    };
    const lock = await locks.tryAcquire(runLockKey(run)!, run.runId);
    if (!lock.acquired) throw new Error('thread busy');
    runs.set(run.runId, run);
    await agentLogs.append([logMessage(run, 'user', 'hello', { runId: run.runId, model: run.model })]);
    const writer = runLog.open(run.runId);
    for (const event of events) writer.append(event);
    return { run, lease: lock.lease, writer };
  }

  return {
    clock,
    advance: (ms: number) => (nowMs += ms),
    runs,
    messages,
    runLog,
    locks,
    reaper,
    errors,
    startRun,
    threadMessages: (run: Run) => messages.filter((m) => m.threadId === run.threadId),
  };
}

const token = (text: string): RunEvent => ({ type: 'token', token: text });
const partialRun: RunEvent[] = [
  { type: 'status', status: 'Processing your request' },
  token('The answer '),
  { type: 'tool_status', tool_name: 'calculator', call_id: 'c1', status: 'Start using tool: calculator', is_start: true, input: { expression: '6*7' } },
  { type: 'tool_status', tool_name: 'calculator', call_id: 'c1', status: 'Finish using tool: calculator', is_start: false, output: { result: 42 }, ok: true },
  token('is 4'),
];

async function watchToEnd(c: ReturnType<typeof cluster>, runId: string, afterSeq: number): Promise<SequencedEvent[]> {
  const seen: SequencedEvent[] = [];
  await c.runLog.subscribe(runId, afterSeq, (entry) => seen.push(entry));
  return seen;
}

describe('run reaper', () => {
  it('leaves a run alone while its lock still names it', async () => {
    const c = cluster();
    const { run } = await c.startRun(partialRun);
    const reaper = c.reaper();
    await reaper.sweep();
    c.advance(LEASE_MS * 10);
    expect(await reaper.sweep()).toBe(0);
    expect(c.runs.get(run.runId)!.status).toBe('running');
    expect(c.threadMessages(run).map((m) => m.role)).toEqual(['user']);
  });

  it('waits out the grace period after the lease is gone, then ends the run as interrupted for every watcher', async () => {
    const c = cluster();
    const { run, lease } = await c.startRun(partialRun);
    const watcher = await watchToEnd(c, run.runId, 2);
    await lease.release(); // what an expired lease looks like
    const reaper = c.reaper();
    expect(await reaper.sweep()).toBe(0); // first seen without its lease
    c.advance(LEASE_MS / 3 - 1);
    expect(await reaper.sweep()).toBe(0);
    expect(c.runs.get(run.runId)!.status).toBe('running');
    c.advance(1);
    expect(await reaper.sweep()).toBe(1);

    expect(watcher.map((e) => e.seq)).toEqual([3, 4, 5, 6, 7]);
    expect(watcher.slice(-2).map((e) => e.event)).toEqual([
      { type: 'error', code: 'interrupted', detail: expect.any(String) },
      { type: 'end', run_id: run.runId, outcome: 'interrupted' },
    ]);
    expect(c.runs.get(run.runId)).toMatchObject({ status: 'interrupted', errorCode: 'interrupted', endedAt: expect.any(Date) });
    expect(c.threadMessages(run).map((m) => [m.role, m.content, m.outcome])).toEqual([
      ['user', 'hello', null],
      ['tool', '{"result":42}', 'ok'],
      ['assistant', 'The answer is 4', 'interrupted'],
    ]);
    expect(c.threadMessages(run)[1]).toMatchObject({ toolName: 'calculator', toolCallId: 'c1', toolInput: { expression: '6*7' } });
    // the thread takes a new run at once
    expect((await c.locks.tryAcquire(runLockKey(run)!, randomUUID())).acquired).toBe(true);
    expect(c.errors).toEqual([]);
  });

  it('ends a run whose instance died before it wrote any event', async () => {
    const c = cluster();
    const { run, lease } = await c.startRun([]);
    await lease.release();
    const reaper = c.reaper();
    await reaper.sweep();
    c.advance(LEASE_MS);
    expect(await reaper.sweep()).toBe(1);
    expect((await c.runLog.read(run.runId))!.map((e) => e.event.type)).toEqual(['error', 'end']);
    expect(c.threadMessages(run).map((m) => [m.role, m.content])).toEqual([
      ['user', 'hello'],
      ['assistant', ''],
    ]);
  });

  it('still reaps the run when a new run has already taken its thread', async () => {
    const c = cluster();
    const { run, lease } = await c.startRun(partialRun);
    await lease.release();
    const next = await c.locks.tryAcquire(runLockKey(run)!, 'next-run');
    expect(next.acquired).toBe(true);
    const reaper = c.reaper();
    await reaper.sweep();
    c.advance(LEASE_MS);
    expect(await reaper.sweep()).toBe(1);
    expect(c.runs.get(run.runId)!.status).toBe('interrupted');
    expect(await c.locks.holder(runLockKey(run)!)).toBe('next-run');
    expect(c.errors).toEqual([]);
  });

  it('lets exactly one of several reapers finish a run', async () => {
    const c = cluster();
    const { run, lease } = await c.startRun(partialRun);
    await lease.release();
    const reapers = [c.reaper(), c.reaper(), c.reaper()];
    await Promise.all(reapers.map((r) => r.sweep()));
    c.advance(LEASE_MS);
    const counts = await Promise.all(reapers.map((r) => r.sweep()));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(c.threadMessages(run).filter((m) => m.role === 'assistant')).toHaveLength(1);
    expect((await c.runLog.read(run.runId))!.filter((e) => e.event.type === 'end')).toHaveLength(1);
  });

  it('does not touch a run that finished between the listing and the claim', async () => {
    const c = cluster();
    const { run, lease } = await c.startRun(partialRun);
    await lease.release();
    const reaper = c.reaper();
    await reaper.sweep();
    c.advance(LEASE_MS);
    const finishing = { ...c.runs.get(run.runId)! };
    c.runs.set(run.runId, { ...finishing, status: 'completed' });
    const stale = createRunReaper({
      runs: { listRunning: async () => [finishing], findById: async (id) => c.runs.get(id) ?? null, finish: async () => expect.fail('must not finish') },
      agentLogs: { append: async () => expect.fail('must not store'), history: async () => [] },
      runLog: c.runLog,
      locks: c.locks,
      clock: c.clock,
      leaseMs: LEASE_MS,
      graceMs: 0,
      logError: (context) => c.errors.push(context),
    });
    expect(await stale.sweep()).toBe(0);
    expect(c.errors).toEqual([]);
    expect((await c.runLog.read(run.runId))!.some((e) => e.event.type === 'end')).toBe(false);
  });

  it('writes no end into a log that moved on after it was read: a writer alive after all ends it itself', async () => {
    const c = cluster();
    const { run, lease, writer } = await c.startRun(partialRun);
    await lease.release();
    const racing = {
      read: async (runId: string) => {
        const entries = await c.runLog.read(runId);
        writer.append(token(' more')); // the writer was alive after all
        return entries;
      },
      appendTerminal: c.runLog.appendTerminal,
    };
    const reaper = c.reaper({ runLog: racing });
    await reaper.sweep();
    c.advance(LEASE_MS);
    await reaper.sweep();
    expect((await c.runLog.read(run.runId))!.at(-1)!.event).toEqual(token(' more'));
    expect(() => writer.append({ type: 'end', run_id: run.runId, outcome: 'completed' })).not.toThrow();
  });

  it('only finishes the row when the log has already ended (a run that failed while starting)', async () => {
    const c = cluster();
    const { run, lease } = await c.startRun([
      { type: 'error', code: 'internal', detail: 'The run could not be started' },
      { type: 'end', run_id: 'x', outcome: 'failed' },
    ]);
    await lease.release();
    const reaper = c.reaper();
    await reaper.sweep();
    c.advance(LEASE_MS);
    expect(await reaper.sweep()).toBe(1);
    expect(c.runs.get(run.runId)).toMatchObject({ status: 'failed', errorCode: 'internal' });
    expect(c.threadMessages(run).map((m) => m.role)).toEqual(['user']);
  });

  it('finds a fastworkflow run by its per-user lock and leaves it alone while that lock is held', async () => {
    const c = cluster();
    const threadId = fwThreadId('fw-user-7', 3);
    expect(runLockKey({ surface: 'fastworkflow', agentId: 'a', userId: 'owner', threadId })).toBe(fwLockKey('owner', 'fw-user-7'));
    expect(runLockKey({ surface: 'agent-invoke', agentId: 'a', userId: 'u', threadId: 't' })).toBe(threadLockKey('a', 'u', 't'));
    const { run } = await c.startRun(partialRun, { surface: 'fastworkflow', threadId });
    const reaper = c.reaper();
    await reaper.sweep();
    c.advance(LEASE_MS * 10);
    expect(await reaper.sweep()).toBe(0);
    expect(c.runs.get(run.runId)!.status).toBe('running');
  });

  it('rebuilds the transcript from tokens and finished tool calls only', () => {
    const run = { runId: 'r', agentId: 'a', userId: 'u', threadId: 't', model: 'm' } as Run;
    const unfinished: RunEvent = { type: 'tool_status', tool_name: 'slow', call_id: 'c2', status: 'Start', is_start: true, input: {} };
    const rows = transcriptRows(run, [...partialRun, unfinished].map((event, i) => ({ seq: i + 1, event })));
    expect(rows.map((r) => [r.role, r.toolCallId])).toEqual([
      ['tool', 'c1'],
      ['assistant', null],
    ]);
  });
});
