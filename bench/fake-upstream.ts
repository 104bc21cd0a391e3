import http from 'node:http';
import type { FakeReply } from '../test/fakes/fake-reply.js';
import { fakeTokens } from '../test/fakes/fake-reply.js';
import type { WireEvent } from '../test/fakes/fake-stream-server.js';
import { openAiEvents } from '../test/fakes/openai-wire-server.js';
import { reportReady } from './lib/child-ready.js';
import { parseDirective } from './lib/directive.js';
import { pacerFor, type Pacer } from './lib/pacer.js';
import { readBody } from './lib/read-body.js';

/**
 * The fake OpenAI-compatible upstream, in its own process so its CPU is not counted against the servers.
 * Frames come from test/fakes (openAiEvents: the same chunks the adapter tests use); the user message's
 * `bench:tokens=N;delay=MS` marker shapes the reply. Serving is leaner than test/fakes' server (which records
 * every request): frames are built once per shape, and slow streams share a few timers (lib/pacer.ts).
 */
const API_KEY = process.env.FAKE_API_KEY ?? 'sk-bench';
const DEFAULT_SHAPE = { tokens: 100, delayMs: 0 };
const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' };

interface Script {
  events: WireEvent[];
  lastToken: number;
}
const cache = new Map<string, Script>();
function scriptFor(tokens: number, body: any): Script {
  const key = `${tokens}|${body?.model}|${Boolean(body?.stream_options?.include_usage)}`;
  let script = cache.get(key);
  if (!script) {
    const reply: FakeReply = { tokens: fakeTokens(tokens) };
    const events = openAiEvents(reply, body);
    cache.set(key, (script = { events, lastToken: events.findLastIndex((e) => e.token) }));
  }
  return script;
}

const pacers = new Map<number, Pacer>();

/** Writes events up to and including the next text delta; returns the index after it. */
function writeUpToToken(res: http.ServerResponse, { events, lastToken }: Script, from: number): number {
  let at = from;
  while (at < events.length) {
    const event = events[at++]!;
    res.write(event.frame);
    if (event.token) {
      // the trailing frames (finish_reason, usage, [DONE]) follow the last delta at once, as OpenAI does
      if (at > lastToken) while (at < events.length) res.write(events[at++]!.frame);
      break;
    }
  }
  return at;
}

function sendError(res: http.ServerResponse, status: number, message: string): void {
  const text = JSON.stringify({ error: { message, type: 'invalid_request_error', code: null } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

const server = http.createServer((req, res) => {
  void readBody(req).then((raw) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return sendError(res, 404, `No route ${req.method} ${req.url}`);
    if (req.headers.authorization !== `Bearer ${API_KEY}`) return sendError(res, 401, 'Incorrect API key provided');
    const body = JSON.parse(raw) as { messages?: Array<{ role: string; content: unknown }> };
    const lastUser = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user');
    const shape = parseDirective(typeof lastUser?.content === 'string' ? lastUser.content : undefined, DEFAULT_SHAPE);
    const script = scriptFor(shape.tokens, body);
    const { events } = script;
    res.writeHead(200, SSE_HEADERS);
    if (shape.delayMs === 0) {
      res.cork(); // the whole reply as one burst
      for (const event of events) res.write(event.frame);
      res.end();
      res.uncork();
      return;
    }
    let at = writeUpToToken(res, script, 0);
    pacerFor(pacers, shape.delayMs).add(() => {
      if (res.destroyed) return false; // the client went away: stop, as a real provider does
      if (at >= events.length) {
        res.end();
        return false;
      }
      at = writeUpToToken(res, script, at);
      if (at < events.length) return true;
      res.end();
      return false;
    });
  });
});
server.keepAliveTimeout = 5_000;
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  const { port } = server.address() as { port: number };
  reportReady({ port, url: `http://127.0.0.1:${port}/v1`, apiKey: API_KEY });
});
process.on('uncaughtException', (error) => {
  console.error('fake upstream failed:', error);
});
