/**
 * Thrown by `append` when a run exceeds its per-run event cap. Only `error` and `end` events are still
 * accepted past the cap, so the executor can finish the run as failed and watchers see a proper ending.
 */
export class RunLogFullError extends Error {
  constructor(
    readonly runId: string,
    readonly maxEvents: number,
  ) {
    super(`Run ${runId} produced more than ${maxEvents} events`);
    this.name = 'RunLogFullError';
  }
}
