export interface CallSignal {
  signal: AbortSignal;
  /** "cancelled" when the caller aborted, "timed out after N ms" when the time ran out. */
  abortMessage(): string;
  /** Stops the timer and detaches from the caller's signal once the call is over. */
  dispose(): void;
}

/**
 * The caller's signal combined with this call's own time limit. Hand-built rather than
 * AbortSignal.any + AbortSignal.timeout: on Node 20 an unreferenced timeout signal can be collected
 * before it fires, and the call would then outlive its limit.
 */
export function createCallSignal(caller: AbortSignal, timeoutMs: number): CallSignal {
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(caller.reason);
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  if (caller.aborted) onCallerAbort();
  else caller.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    abortMessage: () => (caller.aborted ? 'cancelled' : `timed out after ${timeoutMs} ms`),
    dispose() {
      clearTimeout(timer);
      caller.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** Settles with `work`, or rejects as soon as `signal` aborts even if `work` ignores the signal. */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
