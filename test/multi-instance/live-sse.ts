import { readSse, type ReadSseOptions, type SseCapture, type SseEvent } from '../support/sse-client.js';

export interface Arrival {
  event: SseEvent;
  /** performance.now() when the event was parsed. */
  at: number;
}

export interface LiveSse {
  arrivals: Arrival[];
  events(): SseEvent[];
  /** Settles when the stream ends; rejects if the connection breaks (e.g. its instance was killed). */
  done: Promise<SseCapture>;
  /** Resolves with the first arrival matching `predicate`, waiting up to `timeoutMs`. */
  until(predicate: (arrival: Arrival, index: number) => boolean, timeoutMs?: number): Promise<Arrival>;
}

/** An SSE stream read in the background, every event stamped with its arrival time. */
export function liveSse(url: string, options: Omit<ReadSseOptions, 'onEvent'> = {}): LiveSse {
  const arrivals: Arrival[] = [];
  let ended = false;
  const done = readSse(url, { ...options, onEvent: (event) => void arrivals.push({ event, at: performance.now() }) }).finally(() => {
    ended = true;
  });
  done.catch(() => undefined); // callers that care await `done` themselves
  return {
    arrivals,
    events: () => arrivals.map((a) => a.event),
    done,
    async until(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = arrivals.findIndex(predicate);
        if (index >= 0) return arrivals[index]!;
        if (ended || Date.now() > deadline) {
          throw new Error(`${ended ? 'stream ended' : `nothing within ${timeoutMs} ms`} without the awaited event; got ${JSON.stringify(arrivals.map((a) => [a.event.id, a.event.event]))}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

export const tokenCount = (live: LiveSse): number => live.arrivals.filter((a) => a.event.event === 'token').length;
