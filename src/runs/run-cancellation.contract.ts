import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunCancellation } from '../ports/index.js';

/** Shared behaviour of every RunCancellation. Imported by each implementation's test file, never run alone. */
export interface RunCancellationHarness {
  /** The instance executing runs (registers them). */
  executor: RunCancellation;
  /** The instance a cancel request arrives at: the executor itself, or another one. */
  canceller: RunCancellation;
  shutdown(): Promise<void>;
}

export function abortedWithin(signal: AbortSignal, timeoutMs: number): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** A registration that records the reason it is called with. */
export function registerProbe(cancellation: RunCancellation, runId: string) {
  let calls = 0;
  let resolveReason!: (reason: DOMException) => void;
  const reason = new Promise<DOMException>((resolve) => (resolveReason = resolve));
  const { unregister } = cancellation.register(runId, (why) => {
    calls++;
    resolveReason(why);
  });
  const calledWithin = (timeoutMs: number) =>
    Promise.race([reason.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs))]);
  return { reason, unregister, calledWithin, calls: () => calls };
}

export function describeRunCancellationContract(name: string, setup: () => Promise<RunCancellationHarness>): void {
  describe(`RunCancellation contract: ${name}`, () => {
    let h: RunCancellationHarness;
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => {
      await h?.shutdown();
    });

    it('tells the registered run within a second, once, with an AbortError reason', async () => {
      const runId = randomUUID();
      const probe = registerProbe(h.executor, runId);
      await h.canceller.cancel(runId);
      expect(await probe.calledWithin(1_000)).toBe(true);
      const reason = await probe.reason;
      expect(reason).toBeInstanceOf(DOMException);
      expect(reason).toMatchObject({ name: 'AbortError', message: `Run ${runId} was cancelled` });
      await h.canceller.cancel(runId); // a second cancel finds nothing registered
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(probe.calls()).toBe(1);
      probe.unregister();
    });

    it('treats cancelling an unknown run as a no-op', async () => {
      await expect(h.canceller.cancel(randomUUID())).resolves.toBeUndefined();
    });

    it('tells only the cancelled run', async () => {
      const target = randomUUID();
      const cancelled = registerProbe(h.executor, target);
      const other = registerProbe(h.executor, randomUUID());
      await h.canceller.cancel(target);
      expect(await cancelled.calledWithin(1_000)).toBe(true);
      expect(await other.calledWithin(200)).toBe(false);
      cancelled.unregister();
      other.unregister();
    });

    it('tells every registration of the run', async () => {
      const runId = randomUUID();
      const first = registerProbe(h.executor, runId);
      const second = registerProbe(h.executor, runId);
      await h.canceller.cancel(runId);
      expect(await Promise.all([first.calledWithin(1_000), second.calledWithin(1_000)])).toEqual([true, true]);
    });

    it('does not tell a run after it unregistered, and keeps its other registrations', async () => {
      const runId = randomUUID();
      const gone = registerProbe(h.executor, runId);
      const staying = registerProbe(h.executor, runId);
      gone.unregister();
      gone.unregister(); // twice: harmless
      await h.canceller.cancel(runId);
      expect(await staying.calledWithin(1_000)).toBe(true);
      expect(await gone.calledWithin(200)).toBe(false);
    });
  });
}
