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

const retryFrame = (retryMs: number) => `retry: ${retryMs}\n\n`;

/** Opens an SSE response on a raw socket: status line, headers and the `retry:` frame. */
export function openSseResponse(res: ServerResponse, requestId: string, retryMs: number): void {
  res.writeHead(200, sseHeaders(requestId));
  res.write(retryFrame(retryMs));
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
  let flushScheduled = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  const target: HeartbeatTarget = {
    lastWriteAt: Date.now(),
    ping() {
      target.lastWriteAt = Date.now();
      res.write(': ping\n\n');
    },
  };

  function flush(): void {
    flushScheduled = false;
    if (finished || pending === '') return;
    const chunk = pending;
    pending = '';
    target.lastWriteAt = Date.now();
    res.write(chunk);
    // a watcher that cannot keep up is dropped rather than buffered without bound; it can resume
    if (res.writableLength > settings.maxBufferedBytes) res.destroy();
  }

  function queue(frame: string): void {
    pending += frame;
    if (!flushScheduled) {
      flushScheduled = true;
      process.nextTick(flush);
    }
  }

  // headers go out with the first write, before replay, so the client sees the stream open at once
  function sendHeadersOnce(): void {
    if (headersSent) return;
    headersSent = true;
    res.writeHead(200, sseHeaders(options.requestId));
    queue(retryFrame(settings.retryMs));
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

  const onEntry = (entry: SequencedEvent): void => {
    if (finished) return;
    sendHeadersOnce();
    const frame = encode(entry);
    if (frame !== null) {
      eventsWritten++;
      queue(frame);
    }
    if (entry.event.type === 'end') finish(false);
  };

  res.on('close', () => finish(true));
  subscription = await options.runLog.subscribe(options.runId, options.afterSeq, onEntry);
  if (!subscription) {
    if (!finished) {
      finished = true;
      settings.metrics.streamClosed({ surface, durationMs: 0, events: 0 });
    }
    return false;
  }
  sendHeadersOnce();
  if (subscription.ended && !finished) finish(false); // resumed at or past the end: nothing more will come
  if (finished) subscription.unsubscribe();
  else heartbeatSlot = settings.heartbeat.add(target);
  await done;
  return true;
}
