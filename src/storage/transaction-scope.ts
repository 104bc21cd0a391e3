import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Knows whether the current async call chain is inside `Database.transaction`. On PGlite (one connection)
 * a store call without `tx` there would wait for the transaction forever; we fail fast instead, on both
 * drivers alike, so the mistake shows up in every test run.
 */
export interface TransactionScope {
  run<T>(work: () => Promise<T>): Promise<T>;
  assertOutside(): void;
}

/**
 * `check: false` (production) skips the guard: on Node 20 an AsyncLocalStorage turns on promise hooks for the
 * whole process, a measurable cost on every await of the streaming path (docs/decisions/0700).
 */
export function createTransactionScope(check = true): TransactionScope {
  if (!check) return { run: (work) => work(), assertOutside() {} };
  const storage = new AsyncLocalStorage<{ open: boolean }>();
  return {
    async run(work) {
      const state = { open: true };
      try {
        return await storage.run(state, work);
      } finally {
        // Work started inside but still running afterwards is no longer "inside".
        state.open = false;
      }
    },
    assertOutside() {
      if (storage.getStore()?.open) {
        throw new Error('A store was called without `tx` inside Database.transaction; pass the transaction handle');
      }
    },
  };
}
