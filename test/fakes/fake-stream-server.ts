import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeFailure, FakeReply } from './fake-reply.js';

/** One request as the fake server saw it, and what became of its response. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The client's port: equal ports on two requests mean a reused keep-alive connection. */
  remotePort: number | undefined;
  /** Parsed JSON body (undefined if it was not JSON). */
  body: any;
  /** SSE events written so far, and how many of them were text deltas. */
  eventsWritten: number;
  tokensWritten: number;
  /** The response was written to the end. */
  finished: boolean;
  /** The client closed the connection before the server finished writing. */
  clientClosedEarly: boolean;
  /** Resolves once the response finished or its connection closed. */
  settled: Promise<void>;
}

/** One SSE event of a scripted reply; `token` marks text deltas (counted for delays and failures). */
export interface WireEvent {
  frame: string;
  token: boolean;
}

/** What differs between the wire protocols. */
export interface WireDialect {
  path: string;
  authorized(headers: http.IncomingHttpHeaders, apiKey: string): boolean;
  events(reply: FakeReply, body: any): WireEvent[];
  errorBody(status: number, message: string): unknown;
  streamErrorFrame(failure: Extract<FakeFailure, { type: 'stream-error' }>): string;
  malformedFrame(): string;
}

export interface FakeServerOptions {
  /** Replies in order, one per request (the last one repeats), or a function of the request. */
  replies?: FakeReply[] | ((request: RecordedRequest, index: number) => FakeReply);
  /** When set, requests without this key get 401. */
  apiKey?: string;
  /** What `GET <url>/models` lists (default gpt-4o-mini and gpt-4o). */
  models?: string[];
}

export interface FakeWireServer {
  /** Base URL to give the provider adapter. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Appends replies to the queue. */
  enqueue(...replies: FakeReply[]): void;
  /** Resolves with the next request to arrive (or the n-th, 0-based, if it already has). */
  request(index?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export async function startFakeServer(dialect: WireDialect, basePath: string, options: FakeServerOptions): Promise<FakeWireServer> {
  const queue: FakeReply[] = Array.isArray(options.replies) ? [...options.replies] : [];
  const replyFor = typeof options.replies === 'function' ? options.replies : undefined;
  const requests: RecordedRequest[] = [];
  const waiters: Array<{ index: number; resolve: (r: RecordedRequest) => void }> = [];
  let lastReply: FakeReply = { tokens: ['Hello'] };

  const server = http.createServer((req, res) => {
    // the model list an OpenAI-compatible server gives (issue 21); not a completion, so not recorded
    if (req.method === 'GET' && req.url === `${basePath}/models`) {
      sendJson(res, 200, { object: 'list', data: (options.models ?? ['gpt-4o-mini', 'gpt-4o']).map((id) => ({ id, object: 'model', owned_by: 'fake' })) });
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      let settle!: () => void;
      const record: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        remotePort: req.socket.remotePort,
        body,
        eventsWritten: 0,
        tokensWritten: 0,
        finished: false,
        clientClosedEarly: false,
        settled: new Promise<void>((resolve) => (settle = resolve)),
      };
      const index = requests.push(record) - 1;
      for (const w of waiters.filter((w) => w.index === index)) w.resolve(record);
      waiters.splice(0, waiters.length, ...waiters.filter((w) => w.index !== index));

      let cutByServer = false;
      res.on('close', () => {
        if (!res.writableFinished && !cutByServer) record.clientClosedEarly = true;
        settle();
      });
      res.on('finish', () => {
        record.finished = true;
      });

      if (req.method !== 'POST' || req.url !== dialect.path) {
        sendJson(res, 404, dialect.errorBody(404, `No route ${req.method} ${req.url}`));
        return;
      }
      if (options.apiKey !== undefined && !dialect.authorized(req.headers, options.apiKey)) {
        sendJson(res, 401, dialect.errorBody(401, 'Incorrect API key provided'));
        return;
      }
      const reply = replyFor ? replyFor(record, index) : (queue.shift() ?? lastReply);
      lastReply = reply;
      const failure = reply.failure;
      if (failure?.type === 'http') {
        const headers: Record<string, string> = {};
        if (failure.retryAfter !== undefined) headers['retry-after'] = failure.retryAfter;
        sendJson(res, failure.status, dialect.errorBody(failure.status, failure.message ?? `Fake failure ${failure.status}`), headers);
        return;
      }
      void play(res, record, dialect.events(reply, body), reply, dialect, () => (cutByServer = true));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    port,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    request(index = requests.length) {
      const existing = requests[index];
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve) => waiters.push({ index, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function play(
  res: http.ServerResponse,
  record: RecordedRequest,
  events: WireEvent[],
  reply: FakeReply,
  dialect: WireDialect,
  markCut: () => void,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
  const delayMs = reply.tokenDelayMs ?? 0;
  const failure = reply.failure?.type === 'http' ? undefined : reply.failure;
  const failAt = failure?.afterTokens ?? 1;
  if (delayMs === 0) res.cork(); // write the whole script as one burst when there is no pacing

  for (const event of events) {
    if (res.destroyed) return;
    if (failure && record.tokensWritten >= failAt) break;
    if (event.token && delayMs > 0 && record.tokensWritten > 0) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (res.destroyed) return;
    }
    res.write(event.frame);
    record.eventsWritten++;
    if (event.token) record.tokensWritten++;
  }
  if (delayMs === 0) res.uncork();
  if (failure) fail(res, failure, dialect, markCut);
  else res.end();
}

function fail(res: http.ServerResponse, failure: Exclude<FakeFailure, { type: 'http' }>, dialect: WireDialect, markCut: () => void): void {
  switch (failure.type) {
    case 'cut':
      markCut();
      // Flush what was written, then close the connection without finishing the chunked body.
      res.socket?.end();
      return;
    case 'malformed-chunk':
      res.end(dialect.malformedFrame());
      return;
    case 'stream-error':
      res.end(dialect.streamErrorFrame(failure));
      return;
  }
}
