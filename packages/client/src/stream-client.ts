import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { apiErrorFrom, ApiError } from './api-error.js';
import type { InvokeBody } from './wire-types.js';
import { decodeRunEvent, type StreamEvent } from './decode-run-event.js';

export type ConnectionState =
  | { kind: 'connected' }
  | { kind: 'reconnecting'; attempt: number; delayMs: number }
  | { kind: 'resumed'; lastEventId: number };

export interface StreamCallbacks {
  /** Called once per event, in order; replays of already-seen ids never reach it. */
  onEvent: (event: StreamEvent, seq: number | null) => void;
  onConnection?: (state: ConnectionState) => void;
}

export interface StreamResult {
  runId: string | null;
  /** The `end` event's outcome, or `aborted` when the caller's signal stopped us first. */
  outcome: string;
  lastEventId: number;
}

export interface StreamClientOptions {
  baseUrl: string;
  getToken: () => string | null;
  fetchImpl?: typeof fetch;
  /** No bytes at all (not even `: ping`) for this long means the connection is dead. */
  idleTimeoutMs?: number;
  /** Stop retrying after this long without getting anything back. */
  giveUpAfterMs?: number;
  maxBackoffMs?: number;
  initialBackoffMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The connection could not be brought back; the run may still be going on the server. */
export class StreamLostError extends Error {
  constructor(message: string, readonly runId: string | null) {
    super(message);
    this.name = 'StreamLostError';
  }
}

interface Cursor {
  runId: string | null;
  lastSeq: number;
  outcome: string | null;
}

type ReadResult = { ended: boolean; receivedBytes: boolean };
type Connection = { response: Response | null; connection: AbortController };

const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * fetch + eventsource-parser client for run streams. It remembers the last event id and, when the
 * connection drops (read error, end of body without `end`, or the idle watchdog), resumes with
 * `GET /runs/{id}/stream` + `Last-Event-ID`, backing off 250 ms, 500 ms, 1 s … up to 5 s.
 */
export function createStreamClient(options: StreamClientOptions) {
  const fetchImpl = options.fetchImpl ?? fetch.bind(globalThis);
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const giveUpAfterMs = options.giveUpAfterMs ?? 60_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const initialBackoffMs = options.initialBackoffMs ?? 250;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;

  const headers = (extra: Record<string, string>): Record<string, string> => {
    const token = options.getToken();
    return { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra };
  };

  /** Read one connection until `end`, a drop, or the watchdog. Never throws for network trouble. */
  async function read(response: Response, cursor: Cursor, callbacks: StreamCallbacks, connection: AbortController): Promise<ReadResult> {
    const result: ReadResult = { ended: false, receivedBytes: false };
    const runIdHeader = response.headers.get('x-run-id');
    if (runIdHeader && !cursor.runId) cursor.runId = runIdHeader;
    if (!response.body) return result;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const armWatchdog = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => connection.abort(new Error('idle')), idleTimeoutMs);
    };
    const onAbort = (): void => void reader.cancel().catch(() => undefined);
    connection.signal.addEventListener('abort', onAbort, { once: true });

    const parser = createParser({
      onEvent: (message: EventSourceMessage) => {
        if (result.ended) return;
        const seq = message.id !== undefined && message.id !== '' && Number.isFinite(Number(message.id)) ? Number(message.id) : null;
        if (seq !== null) {
          if (seq <= cursor.lastSeq) return;
          cursor.lastSeq = seq;
        }
        const event = decodeRunEvent(message.event, message.data);
        if (!event) return;
        if (event.type === 'status' && event.run_id && !cursor.runId) cursor.runId = event.run_id;
        if (event.type === 'end') {
          if (event.run_id && !cursor.runId) cursor.runId = event.run_id;
          cursor.outcome = event.outcome;
          result.ended = true;
        }
        callbacks.onEvent(event, seq);
      },
    });

    armWatchdog();
    try {
      while (!result.ended) {
        const { done, value } = await reader.read();
        if (done) break;
        result.receivedBytes = true;
        armWatchdog();
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      // A reset connection, an abort by the watchdog: both mean "resume".
    } finally {
      clearTimeout(watchdog);
      connection.signal.removeEventListener('abort', onAbort);
      if (result.ended) void reader.cancel().catch(() => undefined);
    }
    return result;
  }

  async function follow(first: Connection, cursor: Cursor, callbacks: StreamCallbacks, signal: AbortSignal): Promise<StreamResult> {
    let { response, connection } = first;
    const stopConnection = (): void => connection.abort();
    signal.addEventListener('abort', stopConnection, { once: true });
    const finish = (outcome: string): StreamResult => ({ runId: cursor.runId, outcome, lastEventId: cursor.lastSeq });
    let attempt = 0;
    let troubleSince: number | null = null;
    try {
      for (;;) {
        if (response) {
          const result = await read(response, cursor, callbacks, connection);
          if (result.ended) return finish(cursor.outcome ?? 'completed');
          if (result.receivedBytes) {
            attempt = 0;
            troubleSince = null;
          }
        }
        if (signal.aborted) return finish('aborted');
        if (!cursor.runId) throw new StreamLostError('The connection dropped before the run started.', null);
        troubleSince ??= now();
        if (now() - troubleSince >= giveUpAfterMs) {
          throw new StreamLostError('Lost the connection to the server and could not get it back. The run may still finish: reopen the thread to see it.', cursor.runId);
        }
        const delayMs = Math.min(maxBackoffMs, initialBackoffMs * 2 ** attempt);
        attempt += 1;
        callbacks.onConnection?.({ kind: 'reconnecting', attempt, delayMs });
        await sleep(delayMs, signal);
        if (signal.aborted) return finish('aborted');

        connection = new AbortController();
        const headerTimer = setTimeout(() => connection.abort(), idleTimeoutMs);
        try {
          response = await resume(cursor, connection.signal);
        } catch (error) {
          if (error instanceof ApiError) throw new StreamLostError(`Could not resume the run: ${error.message}`, cursor.runId);
          response = null;
        } finally {
          clearTimeout(headerTimer);
        }
        if (response) callbacks.onConnection?.({ kind: 'resumed', lastEventId: cursor.lastSeq });
      }
    } finally {
      signal.removeEventListener('abort', stopConnection);
    }
  }

  /** GET the run's stream from after the last seen id; null means "try again later". */
  async function resume(cursor: Cursor, signal: AbortSignal): Promise<Response | null> {
    const runId = cursor.runId as string;
    const url = new URL(`/runs/${encodeURIComponent(runId)}/stream`, options.baseUrl);
    url.searchParams.set('last_event_id', String(cursor.lastSeq));
    const response = await fetchImpl(url, { headers: headers({ 'Last-Event-ID': String(cursor.lastSeq) }), signal });
    if (response.ok) return response;
    // 4xx other than 408/429 will not get better by retrying.
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      throw await apiErrorFrom(response);
    }
    void response.body?.cancel().catch(() => undefined);
    return null;
  }

  return {
    /** Start a run. Errors before the stream (400/401/403/404/409/429) throw ApiError. */
    async invoke(agentId: string, body: InvokeBody, callbacks: StreamCallbacks, signal: AbortSignal = new AbortController().signal): Promise<StreamResult> {
      const connection = new AbortController();
      signal.addEventListener('abort', () => connection.abort(), { once: true });
      const response = await fetchImpl(new URL(`/agent-invoke/${encodeURIComponent(agentId)}/invoke-stream`, options.baseUrl), {
        method: 'POST',
        headers: headers({ 'Content-Type': 'application/json' }),
        body: JSON.stringify(body),
        signal: connection.signal,
      });
      if (!response.ok) throw await apiErrorFrom(response);
      callbacks.onConnection?.({ kind: 'connected' });
      const cursor: Cursor = { runId: null, lastSeq: 0, outcome: null };
      return follow({ response, connection }, cursor, callbacks, signal);
    },

    /** Watch a run that is already going (a 409 answer, another tab), from after `lastEventId`. */
    async join(runId: string, callbacks: StreamCallbacks, opts: { lastEventId?: number; signal?: AbortSignal } = {}): Promise<StreamResult> {
      const signal = opts.signal ?? new AbortController().signal;
      const cursor: Cursor = { runId, lastSeq: opts.lastEventId ?? 0, outcome: null };
      const connection = new AbortController();
      signal.addEventListener('abort', () => connection.abort(), { once: true });
      const response = await resume(cursor, connection.signal).catch((error: unknown) => {
        if (error instanceof ApiError) throw error;
        return null;
      });
      if (response) callbacks.onConnection?.({ kind: 'connected' });
      return follow({ response, connection }, cursor, callbacks, signal);
    },
  };
}

export type StreamClient = ReturnType<typeof createStreamClient>;
