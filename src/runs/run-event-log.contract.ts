import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent, SequencedEvent } from '../domain/index.js';
import type { RunEventLog, RunLogSubscription } from '../ports/index.js';

/** Shared behaviour of every RunEventLog. Imported by each implementation's test file, never run alone. */
export interface RunEventLogHarness {
  /** The instance executing runs: it opens logs and appends. */
  writer: RunEventLog;
  /** Where watchers subscribe: the writer itself, or another instance. */
  reader: RunEventLog;
  /** How long to wait before asserting that nothing (more) arrives; 0 for a synchronous log. */
  quietMs: number;
  /** Random interleavings of appends and subscriptions to try. */
  schedules: number;
  /**
   * Resolves once an opened run can be found from `reader`. Opening is fire-and-forget, so another
   * instance sees the run a moment later (one write to Redis); on one instance this resolves at once.
   */
  visible(runId: string): Promise<void>;
  shutdown(): Promise<void>;
}

export const tokenEvent = (i: number): RunEvent => ({ type: 'token', token: `t${i} ` });
export const endEvent = (runId: string): RunEvent => ({ type: 'end', run_id: runId, outcome: 'completed' });
const pastEndError = (): RunEvent => ({ type: 'error', code: 'internal', detail: 'The run failed' });
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Watch {
  entries: SequencedEvent[];
  seqs(): number[];
  /** Resolves when the `end` event arrives; rejects after `timeoutMs`. */
  ended(timeoutMs?: number): Promise<void>;
  subscription: RunLogSubscription | null;
}

export async function watch(log: RunEventLog, runId: string, afterSeq: number): Promise<Watch> {
  const entries: SequencedEvent[] = [];
  let onEnd: () => void = () => {};
  const endSeen = new Promise<void>((resolve) => (onEnd = resolve));
  const subscription = await log.subscribe(runId, afterSeq, (entry) => {
    entries.push(entry);
    if (entry.event.type === 'end') onEnd();
  });
  return {
    entries,
    subscription,
    seqs: () => entries.map((e) => e.seq),
    ended: (timeoutMs = 5_000) =>
      Promise.race([
        endSeen,
        sleep(timeoutMs).then(() => {
          throw new Error(`no end event within ${timeoutMs} ms; got seqs ${entries.map((e) => e.seq).join(',')}`);
        }),
      ]),
  };
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** Small deterministic PRNG so a failing interleaving can be replayed from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function describeRunEventLogContract(name: string, setup: () => Promise<RunEventLogHarness>): void {
  describe(`RunEventLog contract: ${name}`, () => {
    let h: RunEventLogHarness;
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => {
      await h?.shutdown();
    });

    async function finishedRun(tokens: number): Promise<{ runId: string; events: RunEvent[] }> {
      const runId = randomUUID();
      const writer = h.writer.open(runId);
      const events = [...range(1, tokens).map(tokenEvent), endEvent(runId)];
      for (const event of events) writer.append(event);
      await writer.close();
      await h.visible(runId);
      return { runId, events };
    }

    it('numbers appended events 1, 2, 3 without gaps', async () => {
      const runId = randomUUID();
      const writer = h.writer.open(runId);
      expect([writer.append(tokenEvent(1)), writer.append(tokenEvent(2)), writer.append(endEvent(runId))]).toEqual([1, 2, 3]);
      await writer.close();
    });

    it('replays a finished run from the start, ending with end', async () => {
      const { runId, events } = await finishedRun(5);
      const w = await watch(h.reader, runId, 0);
      await w.ended();
      expect(w.entries).toEqual(events.map((event, i) => ({ seq: i + 1, event })));
    });

    it('replays only the events after afterSeq when resuming from the middle', async () => {
      const { runId } = await finishedRun(5);
      const w = await watch(h.reader, runId, 2);
      await w.ended();
      expect(w.seqs()).toEqual([3, 4, 5, 6]);
    });

    it('delivers only end to a watcher resuming from the event before it', async () => {
      const { runId } = await finishedRun(3);
      const w = await watch(h.reader, runId, 3);
      await w.ended();
      expect(w.seqs()).toEqual([4]);
    });

    it('delivers nothing to a watcher that has already seen the last event', async () => {
      const { runId } = await finishedRun(3);
      const w = await watch(h.reader, runId, 4);
      expect(w.subscription).not.toBeNull();
      await sleep(h.quietMs);
      expect(w.seqs()).toEqual([]);
      w.subscription?.unsubscribe();
    });

    it('gives a watcher past the end of a finished run the run\'s ending: error, then end', async () => {
      const runId = randomUUID();
      const writer = h.writer.open(runId);
      for (const event of [tokenEvent(1), tokenEvent(2), pastEndError(), endEvent(runId)]) writer.append(event);
      await writer.close();
      await h.visible(runId);
      const w = await watch(h.reader, runId, 9);
      await w.ended();
      expect(w.seqs()).toEqual([3, 4]);
      expect(w.entries.map((e) => e.event.type)).toEqual(['error', 'end']);
    });

    it('ends a watcher that resumed past the end of a running run when the run ends, without its tokens', async () => {
      const runId = randomUUID();
      const writer = h.writer.open(runId);
      writer.append(tokenEvent(1));
      await h.visible(runId);
      const w = await watch(h.reader, runId, 10);
      writer.append(tokenEvent(2));
      writer.append(pastEndError());
      writer.append(endEvent(runId));
      await w.ended();
      expect(w.seqs()).toEqual([3, 4]);
      await writer.close();
    });

    it('returns null for an unknown run', async () => {
      expect(await h.reader.subscribe(randomUUID(), 0, () => {})).toBeNull();
    });

    it('lets a watcher join an open run before its first event', async () => {
      const runId = randomUUID();
      const writer = h.writer.open(runId);
      await h.visible(runId);
      const w = await watch(h.reader, runId, 0);
      writer.append(tokenEvent(1));
      writer.append(endEvent(runId));
      await w.ended();
      await writer.close();
      expect(w.seqs()).toEqual([1, 2]);
    });

    it('delivers the live tail after the replay exactly once and in order', async () => {
      const runId = randomUUID();
      const writer = h.writer.open(runId);
      for (const i of range(1, 3)) writer.append(tokenEvent(i));
      await h.visible(runId);
      const w = await watch(h.reader, runId, 1);
      for (const i of range(4, 9)) writer.append(tokenEvent(i));
      writer.append(endEvent(runId));
      await w.ended();
      await writer.close();
      expect(w.seqs()).toEqual(range(2, 10));
      expect(w.entries.at(-2)?.event).toEqual(tokenEvent(9));
    });

    it('gives two watchers identical sequences', async () => {
      const runId = randomUUID();
      const writer = h.writer.open(runId);
      await h.visible(runId);
      const first = await watch(h.reader, runId, 0);
      const second = await watch(h.reader, runId, 0);
      for (const i of range(1, 20)) writer.append(tokenEvent(i));
      writer.append(endEvent(runId));
      await Promise.all([first.ended(), second.ended()]);
      await writer.close();
      expect(first.entries).toEqual(second.entries);
      expect(first.seqs()).toEqual(range(1, 21));
    });

    it('stops calling a listener after unsubscribe', async () => {
      const runId = randomUUID();
      const writer = h.writer.open(runId);
      await h.visible(runId);
      const leaving = await watch(h.reader, runId, 0);
      const staying = await watch(h.reader, runId, 0);
      writer.append(tokenEvent(1));
      await sleep(h.quietMs);
      leaving.subscription?.unsubscribe();
      writer.append(tokenEvent(2));
      writer.append(endEvent(runId));
      await staying.ended();
      await sleep(h.quietMs);
      await writer.close();
      expect(leaving.seqs()).toEqual([1]);
      expect(staying.seqs()).toEqual([1, 2, 3]);
    });

    it('gives every watcher each event after its afterSeq exactly once, whatever the interleaving', async () => {
      for (let seed = 1; seed <= h.schedules; seed++) {
        const random = mulberry32(seed);
        const runId = randomUUID();
        const writer = h.writer.open(runId);
        await h.visible(runId);
        const total = 25; // the last one is `end`
        const actions = [...Array<'append'>(total - 1).fill('append'), ...Array<'subscribe'>(6).fill('subscribe')];
        actions.sort(() => random() - 0.5);
        const watches: { afterSeq: number; watch: Promise<Watch> }[] = [];
        let appended = 0;
        for (const action of actions) {
          if (action === 'append') {
            writer.append(tokenEvent(++appended));
          } else {
            const afterSeq = Math.min(total - 1, Math.floor(random() * (appended + 3)));
            // Not awaited on purpose: appends race the subscription being set up.
            watches.push({ afterSeq, watch: watch(h.reader, runId, afterSeq) });
          }
          if (random() < 0.3) await sleep(0);
        }
        writer.append(endEvent(runId));
        for (const { afterSeq, watch: pending } of watches) {
          const w = await pending;
          await w.ended();
          expect(w.seqs(), `seed ${seed}, afterSeq ${afterSeq}`).toEqual(range(afterSeq + 1, total));
          expect(w.entries.every((e) => e.seq === total || (e.event.type === 'token' && e.event.token === `t${e.seq} `))).toBe(true);
        }
        await writer.close();
      }
    });
  });
}

const errorEvent = (): RunEvent => ({ type: 'error', code: 'interrupted', detail: 'The instance running this run stopped' });
const interruptedEnd = (runId: string): RunEvent => ({ type: 'end', run_id: runId, outcome: 'interrupted' });

/**
 * Taking over the log of a run whose writer died (read + appendTerminal), called on `h.reader`, which is
 * another instance where there is one. The writer is simply never closed, as after a crash.
 */
export function describeRunLogTakeoverContract(name: string, setup: () => Promise<RunEventLogHarness>): void {
  describe(`RunEventLog takeover contract: ${name}`, () => {
    let h: RunEventLogHarness;
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => {
      await h?.shutdown();
    });

    /** A run with `tokens` stored events whose writer is then abandoned. */
    async function abandonedRun(tokens: number): Promise<string> {
      const runId = randomUUID();
      const writer = h.writer.open(runId);
      for (const i of range(1, tokens)) writer.append(tokenEvent(i));
      await h.visible(runId);
      const deadline = Date.now() + 2_000;
      while (((await h.reader.read(runId)) ?? []).length < tokens) {
        if (Date.now() > deadline) throw new Error(`run ${runId} never showed ${tokens} events`);
        await sleep(2);
      }
      return runId;
    }

    it('reads every stored event in order, and null for an unknown run', async () => {
      const runId = await abandonedRun(3);
      expect(await h.reader.read(runId)).toEqual(range(1, 3).map((i) => ({ seq: i, event: tokenEvent(i) })));
      expect(await h.reader.read(randomUUID())).toBeNull();
    });

    it('reads an open run without events as empty', async () => {
      const runId = randomUUID();
      h.writer.open(runId);
      await h.visible(runId);
      expect(await h.reader.read(runId)).toEqual([]);
    });

    it('ends an abandoned log once: a waiting watcher gets the terminal events after what was stored', async () => {
      const runId = await abandonedRun(3);
      const waiting = await watch(h.reader, runId, 1);
      expect(await h.reader.appendTerminal(runId, 3, [errorEvent(), interruptedEnd(runId)])).toBe(true);
      await waiting.ended();
      expect(waiting.seqs()).toEqual([2, 3, 4, 5]);
      expect(waiting.entries.slice(-2).map((e) => e.event)).toEqual([errorEvent(), interruptedEnd(runId)]);
      expect(await h.reader.appendTerminal(runId, 5, [errorEvent(), interruptedEnd(runId)])).toBe(false);
      const late = await watch(h.reader, runId, 0);
      await late.ended();
      expect(late.seqs()).toEqual([1, 2, 3, 4, 5]);
    });

    it('ends an open log that has no events yet', async () => {
      const runId = randomUUID();
      h.writer.open(runId);
      await h.visible(runId);
      expect(await h.reader.appendTerminal(runId, 0, [errorEvent(), interruptedEnd(runId)])).toBe(true);
      expect((await h.reader.read(runId))?.map((e) => e.event.type)).toEqual(['error', 'end']);
    });

    it('appends nothing when the log moved on since it was read, has ended, or is unknown', async () => {
      const runId = await abandonedRun(3);
      expect(await h.reader.appendTerminal(runId, 2, [errorEvent(), interruptedEnd(runId)])).toBe(false);
      expect((await h.reader.read(runId))?.map((e) => e.seq)).toEqual([1, 2, 3]);

      const finished = randomUUID();
      const writer = h.writer.open(finished);
      writer.append(tokenEvent(1));
      writer.append(endEvent(finished));
      await writer.close();
      await h.visible(finished);
      expect(await h.reader.appendTerminal(finished, 2, [errorEvent(), interruptedEnd(finished)])).toBe(false);

      expect(await h.reader.appendTerminal(randomUUID(), 0, [errorEvent()])).toBe(false);
    });
  });
}
