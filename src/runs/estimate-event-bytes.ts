import type { RunEvent } from '../domain/index.js';

/** Fixed cost of one stored entry: the SequencedEvent, the event object and their hidden classes. */
const ENTRY_OVERHEAD_BYTES = 96;

/**
 * A cheap upper-bound guess of the heap an event occupies, for the memory cap. Strings count two bytes
 * per UTF-16 unit; only tool payloads (rare, off the token path) are measured by serialising them.
 */
export function estimateEventBytes(event: RunEvent): number {
  switch (event.type) {
    case 'token':
      return ENTRY_OVERHEAD_BYTES + event.token.length * 2;
    case 'status':
      return ENTRY_OVERHEAD_BYTES + 128 + (event.status.length + (event.final_answer?.length ?? 0)) * 2;
    case 'tool_status':
      return ENTRY_OVERHEAD_BYTES + 128 + (jsonLength(event.input) + jsonLength(event.output)) * 2;
    case 'error':
      return ENTRY_OVERHEAD_BYTES + 32 + event.detail.length * 2;
    case 'end':
      return ENTRY_OVERHEAD_BYTES + 32 + event.run_id.length * 2;
    default:
      return assertNever(event);
  }
}

function jsonLength(value: unknown): number {
  if (value === undefined) return 0;
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return 0; // a cyclic payload is the producer's bug; the cap must not throw on it
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown run event type: ${JSON.stringify(value)}`);
}
