import http from 'node:http';
import https from 'node:https';
import { createParser } from 'eventsource-parser';
import type { ProviderFailures } from './provider-failures.js';

export interface EventStreamRequest {
  url: URL;
  agent: http.Agent;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  failures: ProviderFailures;
  /** Fails with `failures.stalled` when no byte arrives for this long (headers or body); 0 or absent: never. */
  idleTimeoutMs?: number;
}

/** Receives each SSE event; returns true at the terminal event. May throw (e.g. a malformed chunk). */
export interface EventStreamSink {
  onEvent(event: string | undefined, data: string): boolean;
  /** Whether a response that ended cleanly without the terminal event still counts as a finished reply. */
  acceptsEndWithoutTerminal(): boolean;
}

export type EventStreamOutcome = 'completed' | 'aborted';

const MAX_ERROR_BODY = 16 * 1024;

/**
 * POSTs a JSON body and feeds the SSE reply to `sink`, synchronously per event as bytes arrive.
 * Resolves 'aborted' (after destroying the socket) when `signal` aborts; rejects with ProviderError otherwise.
 */
export function postEventStream(request: EventStreamRequest, sink: EventStreamSink): Promise<EventStreamOutcome> {
  const { signal, failures } = request;
  if (signal.aborted) return Promise.resolve('aborted');
  return new Promise((resolve, reject) => {
    let settled = false;
    let current: http.ClientRequest | undefined;
    const idleMs = request.idleTimeoutMs ?? 0;
    // one timer, refreshed per chunk: a stalled provider must not hold the user until the run timeout
    const idle = idleMs > 0 ? setTimeout(() => fail(failures.stalled(Math.round(idleMs / 100) / 10)), idleMs) : undefined;
    idle?.unref();

    const settle = () => {
      settled = true;
      if (idle) clearTimeout(idle);
      signal.removeEventListener('abort', onAbort);
    };
    function onAbort() {
      if (settled) return;
      settle();
      current?.destroy(); // the upstream must see the connection close: no more tokens billed
      resolve('aborted');
    }
    const fail = (error: unknown) => {
      if (settled) return;
      settle();
      current?.destroy();
      reject(error);
    };
    const succeed = () => {
      if (settled) return;
      settle();
      resolve('completed'); // the rest of the body (if any) drains so the socket can be reused
    };

    const parser = createParser({
      onEvent(message) {
        if (settled) return;
        try {
          if (sink.onEvent(message.event, message.data)) succeed();
        } catch (error) {
          fail(error);
        }
      },
    });

    const onResponse = (res: http.IncomingMessage) => {
      idle?.refresh();
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        readSmallBody(res, (body) => fail(failures.fromStatus(status, res.headers, body)));
        return;
      }
      if (String(res.headers['content-type'] ?? '').includes('application/json')) {
        readSmallBody(res, () => fail(failures.notStreaming()));
        return;
      }
      // errors are built only when they are used: 'close' fires after every successful stream too
      res.on('error', () => settled || fail(failures.cutMidStream()));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (settled) return;
        idle?.refresh();
        parser.feed(chunk);
      });
      res.on('end', () => {
        if (settled) return;
        if (sink.acceptsEndWithoutTerminal()) succeed();
        else fail(failures.cutMidStream());
      });
      res.on('close', () => settled || fail(failures.cutMidStream()));
    };

    const send = (attempt: number) => {
      const requestFn = request.url.protocol === 'https:' ? https.request : http.request;
      let responded = false;
      const req = requestFn(
        request.url,
        {
          method: 'POST',
          agent: request.agent,
          headers: Object.assign({}, request.headers, { 'content-length': Buffer.byteLength(request.body) }),
        },
        (res) => {
          responded = true;
          onResponse(res);
        },
      );
      current = req;
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) return;
        // A pooled socket the server closed while idle: the request never reached it, so sending again is safe.
        if (!responded && attempt === 0 && req.reusedSocket && error.code === 'ECONNRESET') {
          send(1);
          return;
        }
        fail(responded ? failures.cutMidStream() : failures.unreachable(error.code));
      });
      req.end(request.body);
    };

    signal.addEventListener('abort', onAbort, { once: true });
    send(0);
  });
}

function readSmallBody(res: http.IncomingMessage, done: (body: string) => void): void {
  let body = '';
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done(body);
  };
  res.setEncoding('utf8');
  res.on('error', finish);
  res.on('data', (chunk: string) => {
    if (body.length < MAX_ERROR_BODY) body += chunk;
  });
  res.on('end', finish);
  res.on('close', finish);
}
