import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictError, type RunEvent, type SequencedEvent } from '../domain/index.js';
import { createMemoryRunEventLog } from './memory-run-event-log.js';
import { describeRunEventLogContract, describeRunLogTakeoverContract, endEvent, tokenEvent, watch } from './run-event-log.contract.js';
import { RunLogFullError } from './run-log-full-error.js';

describeRunEventLogContract('memory', async () => {
  const log = createMemoryRunEventLog();
  return { writer: log, reader: log, quietMs: 0, schedules: 100, visible: async () => {}, shutdown: () => log.shutdown() };
});

describeRunLogTakeoverContract('memory', async () => {
  const log = createMemoryRunEventLog();
  return { writer: log, reader: log, quietMs: 0, schedules: 0, visible: async () => {}, shutdown: () => log.shutdown() };
});

describe('createMemoryRunEventLog', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('replays and attaches within the subscribe call, before any later append can slip in', () => {
    const log = createMemoryRunEventLog();
    const writer = log.open('r1');
    writer.append(tokenEvent(1));
    const seen: number[] = [];
    void log.subscribe('r1', 0, (e) => seen.push(e.seq));
    expect(seen).toEqual([1]); // synchronously, not after an await
    writer.append(tokenEvent(2));
    expect(seen).toEqual([1, 2]);
  });

  it('keeps a closed log replayable for the retention period, then forgets it', async () => {
    vi.useFakeTimers();
    const log = createMemoryRunEventLog({ retentionMs: 10 * 60_000 });
    const writer = log.open('r1');
    writer.append(endEvent('r1'));
    await writer.close();
    vi.advanceTimersByTime(10 * 60_000 - 1);
    expect(await log.subscribe('r1', 0, () => {})).not.toBeNull();
    vi.advanceTimersByTime(60_000);
    expect(await log.subscribe('r1', 0, () => {})).toBeNull();
    await log.shutdown();
  });

  it('drops expired logs with its sweep even when nobody asks for them', async () => {
    vi.useFakeTimers();
    const log = createMemoryRunEventLog({ retentionMs: 1_000, sweepIntervalMs: 1_000, maxRuns: 2 });
    for (const runId of ['r1', 'r2']) await log.open(runId).close();
    vi.advanceTimersByTime(2_000);
    // Both are gone, so two new running logs fit without evicting anything.
    log.open('r3');
    log.open('r4');
    expect(await log.subscribe('r3', 0, () => {})).not.toBeNull();
    expect(await log.subscribe('r4', 0, () => {})).not.toBeNull();
    expect(vi.getTimerCount()).toBe(0); // the sweep stops when there is nothing closed left
    await log.shutdown();
  });

  it('never expires a running log', async () => {
    vi.useFakeTimers();
    const log = createMemoryRunEventLog({ retentionMs: 1_000 });
    log.open('r1').append(tokenEvent(1));
    vi.advanceTimersByTime(60 * 60_000);
    expect(await log.subscribe('r1', 0, () => {})).not.toBeNull();
    await log.shutdown();
  });

  it('evicts the oldest closed log when it holds maxRuns, never a running one', async () => {
    const log = createMemoryRunEventLog({ maxRuns: 3 });
    log.open('running');
    await log.open('old').close();
    await log.open('newer').close();
    log.open('new');
    expect(await log.subscribe('old', 0, () => {})).toBeNull();
    expect(await log.subscribe('newer', 0, () => {})).not.toBeNull();
    expect(await log.subscribe('running', 0, () => {})).not.toBeNull();
    log.open('another'); // only running logs could go now: none is evicted, the cap gives way
    expect(await log.subscribe('running', 0, () => {})).not.toBeNull();
    expect(await log.subscribe('new', 0, () => {})).not.toBeNull();
  });

  it('evicts the oldest closed logs when the estimated memory exceeds maxTotalBytes', async () => {
    const log = createMemoryRunEventLog({ maxTotalBytes: 50_000 });
    for (const runId of ['a', 'b']) {
      const writer = log.open(runId);
      writer.append({ type: 'token', token: 'x'.repeat(10_000) });
      await writer.close();
    }
    const running = log.open('running');
    running.append({ type: 'token', token: 'x'.repeat(10_000) });
    expect(await log.subscribe('a', 0, () => {})).toBeNull();
    expect(await log.subscribe('b', 0, () => {})).not.toBeNull();
    running.append({ type: 'token', token: 'x'.repeat(50_000) });
    expect(await log.subscribe('b', 0, () => {})).toBeNull();
    expect(await log.subscribe('running', 0, () => {})).not.toBeNull();
  });

  it('refuses events past maxEventsPerRun but still accepts the error and end that finish the run', () => {
    const log = createMemoryRunEventLog({ maxEventsPerRun: 3 });
    const writer = log.open('r1');
    for (const i of [1, 2, 3]) writer.append(tokenEvent(i));
    expect(() => writer.append(tokenEvent(4))).toThrow(RunLogFullError);
    expect(writer.append({ type: 'error', code: 'internal', detail: 'too many events' })).toBe(4);
    expect(writer.append(endEvent('r1'))).toBe(5);
  });

  it('refuses appends after end and after close', async () => {
    const log = createMemoryRunEventLog();
    const ended = log.open('r1');
    ended.append(endEvent('r1'));
    expect(() => ended.append(tokenEvent(2))).toThrow(/already ended/);
    const closed = log.open('r2');
    await closed.close();
    expect(() => closed.append(tokenEvent(1))).toThrow(/already been closed/);
  });

  it('refuses to open a second log for the same run', () => {
    const log = createMemoryRunEventLog();
    log.open('r1');
    expect(() => log.open('r1')).toThrow(ConflictError);
  });

  it('drops and reports a listener that throws, without disturbing the writer or other watchers', async () => {
    const reported: unknown[] = [];
    const log = createMemoryRunEventLog({ onListenerError: (error) => reported.push(error) });
    const writer = log.open('r1');
    let calls = 0;
    await log.subscribe('r1', 0, () => {
      calls++;
      throw new Error('socket gone');
    });
    const healthy = await watch(log, 'r1', 0);
    expect(writer.append(tokenEvent(1))).toBe(1);
    expect(writer.append(tokenEvent(2))).toBe(2);
    expect(calls).toBe(1);
    expect(reported).toEqual([new Error('socket gone')]);
    expect(healthy.seqs()).toEqual([1, 2]);
  });

  it('delivers exactly once to a watcher that subscribes from inside another listener', async () => {
    const log = createMemoryRunEventLog();
    const writer = log.open('r1');
    const late: number[] = [];
    await log.subscribe('r1', 0, (entry) => {
      if (entry.seq === 2) void log.subscribe('r1', 0, (e) => late.push(e.seq));
    });
    for (const i of [1, 2, 3]) writer.append(tokenEvent(i));
    expect(late).toEqual([1, 2, 3]);
  });

  it('keeps the order for every watcher when a listener appends re-entrantly', async () => {
    const log = createMemoryRunEventLog();
    const writer = log.open('r1');
    await log.subscribe('r1', 0, (entry) => {
      if (entry.seq === 1) writer.append(tokenEvent(2));
    });
    const other = await watch(log, 'r1', 0);
    writer.append(tokenEvent(1));
    expect(other.seqs()).toEqual([1, 2]);
  });

  it('does not replay a queued re-entrant append to a watcher that then gets it live', async () => {
    const log = createMemoryRunEventLog();
    const writer = log.open('r1');
    const late: number[] = [];
    await log.subscribe('r1', 0, (entry) => {
      if (entry.seq !== 1) return;
      writer.append(tokenEvent(2)); // queued: seq 1 is still being delivered
      void log.subscribe('r1', 0, (e) => late.push(e.seq));
    });
    writer.append(tokenEvent(1));
    expect(late).toEqual([1, 2]);
  });

  it('hands every watcher the same entry object, so encodings can be cached by identity', async () => {
    const log = createMemoryRunEventLog();
    const writer = log.open('r1');
    const seen: SequencedEvent[] = [];
    await log.subscribe('r1', 0, (e) => seen.push(e));
    await log.subscribe('r1', 0, (e) => seen.push(e));
    writer.append(tokenEvent(1));
    expect(seen[0]).toBe(seen[1]);
  });

  it('replays a closed log exactly as it was written: tokens (empty, multi-byte) between other events, from any seq', async () => {
    const log = createMemoryRunEventLog();
    const writer = log.open('r1');
    const written: RunEvent[] = [
      { type: 'status', status: 'processing', run_id: 'r1', thread_id: 't', model: 'm' },
      { type: 'token', token: 'Hé' },
      { type: 'token', token: '' },
      { type: 'token', token: '😀 ok' },
      { type: 'tool_status', tool_name: 'search', call_id: 'c1', status: 'searching', is_start: true, input: { q: 'x' } },
      { type: 'token', token: ' done' },
      endEvent('r1'),
    ];
    const live: SequencedEvent[] = [];
    await log.subscribe('r1', 0, (e) => live.push(e));
    for (const event of written) writer.append(event);
    await writer.close();
    const replayed: SequencedEvent[] = [];
    await log.subscribe('r1', 0, (e) => replayed.push(e));
    expect(replayed).toEqual(live);
    expect(replayed.map((e) => e.event)).toEqual(written);
    const fromFour: number[] = [];
    await log.subscribe('r1', 4, (e) => fromFour.push(e.seq));
    expect(fromFour).toEqual([5, 6, 7]);
    expect((await log.read('r1'))!.map((e) => e.event)).toEqual(written);
  });
});
