import type { SequencedEvent } from '../../domain/index.js';

/** Tokens are sent at most this often: a notification per token would be one HTTP chunk per token. */
const TOKEN_BATCH_MS = 200;

export interface ProgressUpdate {
  progress: number;
  message: string;
}

/**
 * Turns a run's events into MCP progress updates: each status line, and the tokens since the last update,
 * batched. `progress` is the run's sequence number, so it only grows (the spec requires that).
 */
export function createProgressForwarder(send: (update: ProgressUpdate) => void) {
  let tokens = '';
  let lastSeq = 0;
  let timer: NodeJS.Timeout | null = null;

  const flushTokens = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (tokens === '') return;
    const message = tokens;
    tokens = '';
    send({ progress: lastSeq, message });
  };

  return {
    read({ seq, event }: SequencedEvent): void {
      if (event.type === 'token') {
        lastSeq = seq;
        tokens += event.token;
        timer ??= setTimeout(flushTokens, TOKEN_BATCH_MS);
        return;
      }
      flushTokens(); // as of the last token's seq, below this event's
      lastSeq = seq;
      if (event.type === 'status') send({ progress: seq, message: event.status });
      else if (event.type === 'tool_status') send({ progress: seq, message: event.status });
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
