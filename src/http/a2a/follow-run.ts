import type { SequencedEvent } from '../../domain/index.js';
import type { SubscribeToRun } from '../../services/run-result.js';

/** An entry of the run's log, or the point where the replay of what was logged before the call ends. */
export type FollowItem = { kind: 'entry'; entry: SequencedEvent } | { kind: 'caught_up' };

/**
 * A run's log from its first event as an async iterator, until its `end` event or until `abortSignal` (the
 * client went away: only the subscription ends, the run goes on). Throws if the log is no longer kept.
 */
export async function* followRun(subscribe: SubscribeToRun, abortSignal: AbortSignal): AsyncGenerator<FollowItem, void, undefined> {
  const queued: FollowItem[] = [];
  let wake: (() => void) | null = null;
  const push = (item: FollowItem) => {
    queued.push(item);
    wake?.();
  };
  const subscription = await subscribe(0, (entry) => push({ kind: 'entry', entry }));
  if (!subscription) throw new Error('The run’s events are no longer kept');
  push({ kind: 'caught_up' });
  // the client went away: stop at once (the run goes on)
  const onAbort = () => wake?.();
  abortSignal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (abortSignal.aborted) return;
      while (queued.length > 0) {
        const item = queued.shift()!;
        yield item;
        if (item.kind === 'entry' && item.entry.event.type === 'end') return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    abortSignal.removeEventListener('abort', onAbort);
    subscription.unsubscribe();
  }
}
