/**
 * Paces thousands of slow streams with a handful of timers: each stream's `step` runs once per `intervalMs`,
 * streams are spread over `slots` evenly spaced ticks (so their writes do not all land at once), and a
 * stream leaves when `step` returns false. One timer per stream and token would cost the bench more CPU
 * than the servers it measures.
 */
export interface Pacer {
  add(step: () => boolean): void;
}

export function createPacer(intervalMs: number, slots = 10): Pacer {
  const buckets: Array<Set<() => boolean>> = Array.from({ length: slots }, () => new Set());
  let current = 0;
  let size = 0;
  let timer: NodeJS.Timeout | undefined;

  function tick(): void {
    const bucket = buckets[current]!;
    current = (current + 1) % slots;
    for (const step of bucket) {
      if (step()) continue;
      bucket.delete(step);
      size--;
    }
    if (size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  return {
    add(step) {
      // joining the slot that just ran: its next turn is a whole interval away
      buckets[(current + slots - 1) % slots]!.add(step);
      size++;
      timer ??= setInterval(tick, intervalMs / slots);
    },
  };
}

/** One pacer per interval. */
export function pacerFor(pacers: Map<number, Pacer>, intervalMs: number): Pacer {
  let pacer = pacers.get(intervalMs);
  if (!pacer) pacers.set(intervalMs, (pacer = createPacer(intervalMs)));
  return pacer;
}
