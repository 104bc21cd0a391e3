import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../domain/index.js';
import { withCheckpoints, type RunCheckpointSink } from './checkpointed-run-event-log.js';
import { createMemoryRunEventLog } from './memory-run-event-log.js';

type Slice = { runId: string; firstSeq: number; events: Array<string | RunEvent> };

function recordingSink(failTimes = 0) {
  const saves: Slice[][] = [];
  const discards: string[][] = [];
  let failures = failTimes;
  const sink: RunCheckpointSink = {
    async saveMany(slices) {
      if (failures-- > 0) throw new Error('database down');
      saves.push(slices.map((s) => ({ ...s, events: [...s.events] })));
    },
    async discardMany(runIds) {
      discards.push(runIds);
    },
  };
  return { sink, saves, discards };
}

const token = (text: string): RunEvent => ({ type: 'token', token: text });

describe('withCheckpoints', () => {
  it('saves what every run appended since the last tick in one call, tokens as bare text, contiguous', async () => {
    const { sink, saves } = recordingSink();
    const log = withCheckpoints(createMemoryRunEventLog(), { sink, intervalMs: 60_000 });
    const a = log.open('a');
    const b = log.open('b');
    a.append({ type: 'status', status: 'Thinking...' });
    a.append(token('he'));
    b.append(token('x'));
    await log.checkpointNow();
    a.append(token('llo'));
    await log.checkpointNow();
    await log.checkpointNow(); // nothing new: an empty call
    expect(saves).toEqual([
      [
        { runId: 'a', firstSeq: 1, events: [{ type: 'status', status: 'Thinking...' }, 'he'] },
        { runId: 'b', firstSeq: 1, events: ['x'] },
      ],
      [{ runId: 'a', firstSeq: 3, events: ['llo'] }],
      [],
    ]);
    await log.shutdown();
  });

  it('discards a closed run\'s slices with the next tick, and only if it saved any', async () => {
    const { sink, discards } = recordingSink();
    const log = withCheckpoints(createMemoryRunEventLog(), { sink, intervalMs: 60_000 });
    const saved = log.open('saved');
    const quick = log.open('quick');
    saved.append(token('a'));
    await log.checkpointNow();
    quick.append(token('b'));
    saved.append({ type: 'end', run_id: 'saved', outcome: 'completed' });
    quick.append({ type: 'end', run_id: 'quick', outcome: 'completed' });
    await saved.close();
    await quick.close();
    await log.checkpointNow();
    expect(discards).toEqual([['saved']]);
    await log.shutdown();
  });

  it('keeps a slice whose save failed and sends it again, in front of what came after', async () => {
    const { sink, saves } = recordingSink(1);
    const log = withCheckpoints(createMemoryRunEventLog(), { sink, intervalMs: 60_000, onError: () => {} });
    const run = log.open('r');
    run.append(token('1'));
    await log.checkpointNow(); // fails
    run.append(token('2'));
    await log.checkpointNow();
    expect(saves).toEqual([[{ runId: 'r', firstSeq: 1, events: ['1', '2'] }]]);
    await log.shutdown();
  });

  it('leaves the log itself unchanged: watchers see the same events and sequence numbers', async () => {
    const { sink } = recordingSink();
    const log = withCheckpoints(createMemoryRunEventLog(), { sink, intervalMs: 60_000 });
    const run = log.open('w');
    expect([run.append(token('a')), run.append({ type: 'end', run_id: 'w', outcome: 'completed' })]).toEqual([1, 2]);
    const seen: number[] = [];
    await log.subscribe('w', 0, (entry) => seen.push(entry.seq));
    expect(seen).toEqual([1, 2]);
    await log.shutdown();
  });
});
