import type { ServerResponse } from 'node:http';
import type { SequencedEvent } from '../../domain/index.js';
import type { RunEventLog, RunLogSubscription } from '../../ports/index.js';
import type { FrameEncoder } from './agent-invoke-encoder.js';
import type { HeartbeatTarget } from './heartbeat.js';
import { SSE_HEADERS } from './sse-headers.js';
import type { SseSettings } from './sse-settings.js';

export interface RunStreamOptions {
  res: ServerResponse;
  requestId: string;
  runLog: Pick<RunEventLog, 'subscribe'>;
  runId: string;
  afterSeq: number;
  encode: FrameEncoder;
  settings: SseSettings;
  /** Called when the client goes away before the run's `end` event reached it. */
  onClientGone?: () => void;
}

/** Opens an SSE response on a raw socket: status line, headers and the `retry:` frame. */
export function openSseResponse(res: ServerResponse, requestId: string, retryMs: number): void {
  res.writeHead(200, { ...SSE_HEADERS, 'x-request-id': requestId });
  res.write(`retry: ${retryMs}\n\n`);
}

/**
 * Subscribes an HTTP response to a run's event log from `afterSeq`: the first POST, a resume and a
 * second watcher all go through here. Resolves when the response is finished (end event or client gone).
 * Returns false if the run's log is unknown (nothing has been written to `res` then).
 */
export async function streamRunToResponse(options: RunStreamOptions): Promise<boolean> {
  const { res, settings, encode } = options;
  let finished = false;
  let subscription: RunLogSubscription | null = null;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  const target: HeartbeatTarget = {
    lastWriteAt: Date.now(),
    ping() {
      target.lastWriteAt = Date.now();
      res.write(': ping\n\n');
    },
  };

  function finish(clientGone: boolean): void {
    if (finished) return;
    finished = true;
    settings.heartbeat.remove(target);
    subscription?.unsubscribe();
    if (clientGone) options.onClientGone?.();
    else res.end();
    resolveDone();
  }

  const onEntry = (entry: SequencedEvent): void => {
    if (finished) return;
    const frame = encode(entry);
    if (frame !== null) {
      target.lastWriteAt = Date.now();
      res.write(frame);
      // a watcher that cannot keep up is dropped rather than buffered without bound; it can resume
      if (res.writableLength > settings.maxBufferedBytes) {
        res.destroy();
        return;
      }
    }
    if (entry.event.type === 'end') finish(false);
  };

  res.on('close', () => finish(true));
  let headersSent = false;
  const sendHeadersOnce = (): void => {
    if (headersSent) return;
    headersSent = true;
    openSseResponse(res, options.requestId, settings.retryMs);
  };
  // headers go out before replay so the client sees the stream open at once
  const wrapped = (entry: SequencedEvent): void => {
    sendHeadersOnce();
    onEntry(entry);
  };
  subscription = await options.runLog.subscribe(options.runId, options.afterSeq, wrapped);
  if (!subscription) return false;
  sendHeadersOnce();
  if (subscription.ended && !finished) finish(false); // resumed at or past the end: nothing more will come
  if (finished) subscription.unsubscribe();
  else settings.heartbeat.add(target);
  await done;
  return true;
}
