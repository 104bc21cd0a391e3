import type { ServerResponse } from 'node:http';
import type { SequencedEvent } from '../../domain/index.js';
import type { RunEventLog, RunLogSubscription } from '../../ports/index.js';
import type { FrameEncoder } from './agent-invoke-encoder.js';
import type { HeartbeatTarget } from './heartbeat.js';
import { sseHeaders } from './sse-headers.js';
import type { SseSettings } from './sse-settings.js';

export interface RunStreamOptions {
  res: ServerResponse;
  requestId: string;
  runLog: Pick<RunEventLog, 'subscribe'>;
  runId: string;
  afterSeq: number;
  encode: FrameEncoder;
  settings: SseSettings;
  /** Label of the stream metrics (`agent-invoke` unless given). */
  surface?: string;
  /** Called when the client goes away before the run's `end` event reached it. */
  onClientGone?: () => void;
}

/**
 * The `retry:` field opens the first event's frame; it is never a frame of its own. A frame without `data`
 * (a lone `retry:`, or a comment followed by a blank line) reaches fetch-event-source's `onmessage` as an
 * empty message, and the usual `JSON.parse(ev.data)` handler throws and makes it POST again (decision 0404).
 */
const retryField = (retryMs: number) => `retry: ${retryMs}\n`;

/** A comment line with no blank line after it: it keeps proxies reading and never dispatches a message. */
export const PING_LINE = ': ping\n';

/**
 * Opens an SSE response on a raw socket: status line, headers and the `retry:` field line. The caller's
 * next write must be an event frame, which the field joins (for a one-frame answer such as an error).
 */
export function openSseResponse(res: ServerResponse, requestId: string, retryMs: number): void {
  res.writeHead(200, sseHeaders(requestId));
  res.write(retryField(retryMs));
}

/**
 * Subscribes an HTTP response to a run's event log from `afterSeq`: the first POST, a resume and a
 * second watcher all go through here. Resolves when the response is finished (end event or client gone).
 * Returns false if the run's log is unknown (nothing has been written to `res` then).
 *
 * Frames produced in one tick (a provider read usually carries many tokens) are joined and written once,
 * at the end of the tick: one socket write and one HTTP chunk instead of one per event (docs/decisions/0700).
 */
export async function streamRunToResponse(options: RunStreamOptions): Promise<boolean> {
  const { res, settings, encode } = options;
  let finished = false;
  let headersSent = false;
  let subscription: RunLogSubscription | null = null;
  /** Frames encoded since the last write. */
  let pending = '';
  /** The `retry:` field, until the first event frame carries it. */
  let retryPrefix = '';
  let headersFlushed = false;
  let flushScheduled = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  const target: HeartbeatTarget = {
    lastWriteAt: Date.now(),
    ping() {
      target.lastWriteAt = Date.now();
      res.write(PING_LINE);
    },
  };

  function flush(): void {
    flushScheduled = false;
    if (finished) return;
    if (pending === '') {
      // no event yet (a resume of a quiet run): the client still sees the stream open at once
      if (!headersFlushed) res.flushHeaders();
      headersFlushed = true;
      return;
    }
    const chunk = pending;
    pending = '';
    headersFlushed = true;
    target.lastWriteAt = Date.now();
    res.write(chunk);
    // a watcher that cannot keep up is paced, not buffered without bound: it reads on from the log once drained
    if (res.writableLength > settings.maxBufferedBytes) pause();
    if (paused) resumeWhenDrained();
  }

  function scheduleFlush(): void {
    if (!flushScheduled) {
      flushScheduled = true;
      process.nextTick(flush);
    }
  }

  function queue(frame: string): void {
    if (retryPrefix !== '') {
      pending += retryPrefix;
      retryPrefix = '';
    }
    pending += frame;
    scheduleFlush();
  }

  // headers go out with the first frames of the tick (or alone at its end), so the client sees the stream open at once
  function sendHeadersOnce(): void {
    if (headersSent) return;
    headersSent = true;
    res.writeHead(200, sseHeaders(options.requestId));
    retryPrefix = retryField(settings.retryMs);
    scheduleFlush();
  }

  const surface = options.surface ?? 'agent-invoke';
  const openedAtMs = Date.now();
  let eventsWritten = 0;
  let heartbeatSlot = -1;
  settings.metrics.streamOpened(surface);

  function finish(clientGone: boolean): void {
    if (finished) return;
    finished = true;
    settings.metrics.streamClosed({ surface, durationMs: Date.now() - openedAtMs, events: eventsWritten });
    settings.heartbeat.remove(heartbeatSlot, target); // -1 (never added) or a slot since reused: left alone
    subscription?.unsubscribe();
    const rest = pending;
    pending = '';
    if (clientGone) options.onClientGone?.();
    else if (rest === '') res.end();
    else res.end(rest);
    resolveDone();
  }

  /**
   * Pacing (decision 0406): past `maxBufferedBytes` unsent, the stream stops taking events (the log keeps
   * them), waits for the socket to drain and subscribes again after the last event it queued. So a replay
   * larger than the bound (a long run watched late) is sent in bounded slices instead of being refused.
   */
  let paused = false;
  let resubscribed = false;
  /** The seq of the last event queued. */
  let cursor = options.afterSeq;

  let resumeArranged = false;

  function pause(): void {
    if (paused || finished) return;
    paused = true;
    subscription?.unsubscribe();
    subscription = null;
  }

  // called after a write; 'drain' comes only if that write filled the socket's buffer
  function resumeWhenDrained(): void {
    if (resumeArranged) return;
    resumeArranged = true;
    const resume = () => {
      resumeArranged = false;
      follow(cursor).catch(() => finish(false));
    };
    if (res.writableNeedDrain) res.once('drain', resume);
    else setImmediate(resume);
  }

  const onEntry = (entry: SequencedEvent): void => {
    if (finished || paused) return;
    // a log that ignores afterSeq (a fastworkflow turn) repeats what was sent before the pause
    if (resubscribed && entry.seq <= cursor) return;
    if (pending.length >= settings.maxBufferedBytes) return pause(); // taken again after the drain
    sendHeadersOnce();
    cursor = entry.seq;
    const frame = encode(entry);
    if (frame !== null) {
      eventsWritten++;
      queue(frame);
    }
    if (entry.event.type === 'end') finish(false);
  };

  /** Subscribes from `afterSeq`; false if the log is unknown. */
  async function follow(afterSeq: number): Promise<boolean> {
    if (finished) return true;
    if (paused) resubscribed = true;
    paused = false;
    const current = await options.runLog.subscribe(options.runId, afterSeq, onEntry);
    if (!current) {
      if (resubscribed) finish(false); // the log expired while the client was slow: it may resume and learn so
      return false;
    }
    if (paused || finished) {
      current.unsubscribe(); // paused again during the replay: the next drain goes on from `cursor`
      return true;
    }
    subscription = current;
    if (current.ended) finish(false); // at or past the end: nothing more will come
    return true;
  }

  res.on('close', () => finish(true));
  if (!(await follow(options.afterSeq))) {
    if (!finished) {
      finished = true;
      settings.metrics.streamClosed({ surface, durationMs: 0, events: 0 });
    }
    return false;
  }
  sendHeadersOnce();
  if (!finished) heartbeatSlot = settings.heartbeat.add(target);
  await done;
  return true;
}
