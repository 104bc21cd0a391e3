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

export function describeRunCancellationContract(name: string, setup: () => Promise<RunCancellationHarness>): void {
  describe(`RunCancellation contract: ${name}`, () => {
    let h: RunCancellationHarness;
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => {
      await h?.shutdown();
    });

    it('aborts the registered run within a second, with an AbortError reason', async () => {
      const runId = randomUUID();
      const { signal, unregister } = h.executor.register(runId);
      await h.canceller.cancel(runId);
      expect(await abortedWithin(signal, 1_000)).toBe(true);
      expect(signal.reason).toBeInstanceOf(DOMException);
      expect(signal.reason).toMatchObject({ name: 'AbortError', message: `Run ${runId} was cancelled` });
      unregister();
    });

    it('treats cancelling an unknown run as a no-op', async () => {
      await expect(h.canceller.cancel(randomUUID())).resolves.toBeUndefined();
    });

    it('aborts only the cancelled run', async () => {
      const target = randomUUID();
      const cancelled = h.executor.register(target);
      const other = h.executor.register(randomUUID());
      await h.canceller.cancel(target);
      expect(await abortedWithin(cancelled.signal, 1_000)).toBe(true);
      expect(await abortedWithin(other.signal, 200)).toBe(false);
      cancelled.unregister();
      other.unregister();
    });

    it('aborts every registration of the run', async () => {
      const runId = randomUUID();
      const first = h.executor.register(runId);
      const second = h.executor.register(runId);
      await h.canceller.cancel(runId);
      expect(await Promise.all([abortedWithin(first.signal, 1_000), abortedWithin(second.signal, 1_000)])).toEqual([true, true]);
    });

    it('does not abort a run after it unregistered', async () => {
      const runId = randomUUID();
      const { signal, unregister } = h.executor.register(runId);
      unregister();
      await h.canceller.cancel(runId);
      expect(await abortedWithin(signal, 200)).toBe(false);
    });
  });
}
