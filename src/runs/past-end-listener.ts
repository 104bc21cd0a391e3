import type { SequencedEvent } from '../domain/index.js';

/**
 * For a watcher whose `afterSeq` lies past the end of what the log holds (a Last-Event-ID from events lost
 * in a crash, or simply wrong): it gets what comes after `afterSeq`, and the run's ending (`error`, `end`)
 * even though their sequence numbers are lower, so its stream ends with the run instead of idling
 * forever (decision 0405). `afterSeq` equal to the `end` means the watcher has seen it: nothing then.
 */
export function pastEndListener(afterSeq: number, listener: (entry: SequencedEvent) => void): (entry: SequencedEvent) => void {
  return (entry) => {
    const type = entry.event.type;
    if (entry.seq > afterSeq || (entry.seq < afterSeq && (type === 'end' || type === 'error'))) listener(entry);
  };
}
