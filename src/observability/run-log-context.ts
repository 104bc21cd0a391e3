import { AsyncLocalStorage } from 'node:async_hooks';

/** The ids every log line of a run carries (issue 21). */
export interface RunLogFields {
  run_id: string;
  thread_id: string;
  agent_id: string;
}

export interface RunLogContext {
  /** Runs `fn` so that every log line written inside it, however deep and however late, names the run. */
  run<T>(fields: RunLogFields, fn: () => T): T;
  /** For pino's `mixin`: the fields of the run being executed, or nothing outside a run. */
  mixin(): Partial<RunLogFields>;
}

/** Run ids on log lines through async context, so no call site has to remember to pass them. */
export function createRunLogContext(): RunLogContext {
  const storage = new AsyncLocalStorage<RunLogFields>();
  return {
    run: (fields, fn) => storage.run(fields, fn),
    // a fresh object: pino merges each line's fields into what mixin returns (a frozen or shared one breaks)
    mixin: () => ({ ...storage.getStore() }),
  };
}
