import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import type { InvokeBody } from './wire-types.js';
import type { StreamEvent } from './decode-run-event.js';
import { createStreamClient, StreamLostError, type StreamClientOptions } from './stream-client.js';

const body: InvokeBody = {
  input: { messages: 'Hi', context: '' },
  config: { configurable: { thread_id: '1' } },
  metadata: { reset_memory: false, load_from_json: false, agent_style: '' },
  agent_config: null,
};

const frame = (id: number, event: string, data: unknown): string => `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const status = (id: number): string => frame(id, 'status', { status: 'Processing your request', run_id: 'run-1', thread_id: '1', model: 'local/demo' });
const token = (id: number, text: string): string => frame(id, 'token', { token: text });
const end = (id: number, outcome = 'completed'): string => frame(id, 'end', { run_id: 'run-1', outcome });

/** A body that sends the chunks, then either closes, errors, or stays open forever. */
function sseBody(chunks: string[], finish: 'close' | 'error' | 'hang' = 'close'): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (finish === 'close') controller.close();
      // Erroring later: an immediate error would discard the chunks still queued.
      if (finish === 'error') setTimeout(() => controller.error(new TypeError('network error')), 10);
    },
  });
}

const sse = (chunks: string[], finish: 'close' | 'error' | 'hang' = 'close'): Response =>
  new Response(sseBody(chunks, finish), { status: 200, headers: { 'content-type': 'text/event-stream' } });

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
}

/** fetch that answers each call with the next scripted response and records what was asked. */
function scriptedFetch(responses: (() => Response)[]): { fetchImpl: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchImpl = (async (input: URL | RequestInfo, init?: RequestInit) => {
    calls.push({ url: String(input), method: init?.method ?? 'GET', headers: (init?.headers ?? {}) as Record<string, string> });
    const next = responses.shift();
    if (!next) throw new TypeError('no more scripted responses');
    return next();
  }) as typeof fetch;
  return { fetchImpl, calls };
}

function client(fetchImpl: typeof fetch, extra: Partial<StreamClientOptions> = {}) {
  const delays: number[] = [];
  let clock = 0;
  const streamClient = createStreamClient({
    baseUrl: 'http://server.test/',
    getToken: () => 'tok',
    fetchImpl,
    now: () => clock,
    sleep: async (ms) => {
      delays.push(ms);
      clock += ms;
    },
    ...extra,
  });
  return { streamClient, delays };
}

function collector(): { events: StreamEvent[]; seqs: (number | null)[]; text: () => string; onEvent: (e: StreamEvent, s: number | null) => void } {
  const events: StreamEvent[] = [];
  const seqs: (number | null)[] = [];
  return {
    events,
    seqs,
    text: () => events.map((e) => (e.type === 'token' ? e.token : '')).join(''),
    onEvent: (event, seq) => {
      events.push(event);
      seqs.push(seq);
    },
  };
}

describe('createStreamClient', () => {
  it('posts the body with the bearer token and hands over every event in order', async () => {
    const { fetchImpl, calls } = scriptedFetch([() => sse(['retry: 1000\n', status(1), ': ping\n\n', token(2, 'Hel'), token(3, 'lo'), end(4)])]);
    const got = collector();
    const result = await client(fetchImpl).streamClient.invoke('agent-1', body, { onEvent: got.onEvent });
    expect(calls[0]).toMatchObject({ url: 'http://server.test/agent-invoke/agent-1/invoke-stream', method: 'POST' });
    expect(calls[0]?.headers.Authorization).toBe('Bearer tok');
    expect(got.seqs).toEqual([1, 2, 3, 4]);
    expect(got.text()).toBe('Hello');
    expect(result).toEqual({ runId: 'run-1', outcome: 'completed', lastEventId: 4 });
  });

  it('joins multi-line data as the SSE spec says', async () => {
    const multi = 'id: 2\nevent: token\ndata: {"token":\ndata: "a\\nb"}\n\n';
    const { fetchImpl } = scriptedFetch([() => sse([status(1), multi, end(3)])]);
    const got = collector();
    await client(fetchImpl).streamClient.invoke('a', body, { onEvent: got.onEvent });
    expect(got.text()).toBe('a\nb');
  });

  it('resumes after the body ends without `end`, sending Last-Event-ID, and never repeats an event', async () => {
    const cutMidFrame = 'id: 4\nevent: token\ndata: {"tok';
    const { fetchImpl, calls } = scriptedFetch([
      () => sse([status(1), token(2, 'one '), token(3, 'two '), cutMidFrame]),
      // The server replays from the id it was given; a stale duplicate must still be ignored.
      () => sse([token(3, 'two '), token(4, 'three '), token(5, 'four'), end(6)]),
    ]);
    const got = collector();
    const connection: string[] = [];
    const { streamClient, delays } = client(fetchImpl);
    const result = await streamClient.invoke('a', body, { onEvent: got.onEvent, onConnection: (s) => connection.push(s.kind) });
    expect(got.text()).toBe('one two three four');
    expect(got.seqs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(calls[1]?.url).toBe('http://server.test/runs/run-1/stream?last_event_id=3');
    expect(calls[1]?.headers['Last-Event-ID']).toBe('3');
    expect(delays).toEqual([250]);
    expect(connection).toEqual(['connected', 'reconnecting', 'resumed']);
    expect(result.outcome).toBe('completed');
  });

  it('resumes after a read error', async () => {
    const { fetchImpl } = scriptedFetch([() => sse([status(1), token(2, 'a')], 'error'), () => sse([token(3, 'b'), end(4)])]);
    const got = collector();
    await client(fetchImpl).streamClient.invoke('a', body, { onEvent: got.onEvent });
    expect(got.text()).toBe('ab');
  });

  it('backs off 250 ms, 500 ms, 1 s … capped at 5 s, and gives up after a minute with a clear error', async () => {
    const unavailable = (): Response => new Response('busy', { status: 503 });
    const { fetchImpl } = scriptedFetch([() => sse([status(1)]), ...Array.from({ length: 40 }, () => unavailable)]);
    const { streamClient, delays } = client(fetchImpl);
    const failure = await streamClient.invoke('a', body, { onEvent: () => undefined }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StreamLostError);
    expect((failure as StreamLostError).runId).toBe('run-1');
    expect(delays.slice(0, 6)).toEqual([250, 500, 1000, 2000, 4000, 5000]);
    expect(delays.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60_000);
    expect(delays.reduce((a, b) => a + b, 0)).toBeLessThan(66_000);
  });

  it('keeps retrying through network errors on resume', async () => {
    const { fetchImpl } = scriptedFetch([
      () => sse([status(1), token(2, 'x')]),
      () => {
        throw new TypeError('connection refused');
      },
      () => sse([token(3, 'y'), end(4)]),
    ]);
    const got = collector();
    const { streamClient, delays } = client(fetchImpl);
    await streamClient.invoke('a', body, { onEvent: got.onEvent });
    expect(got.text()).toBe('xy');
    expect(delays).toEqual([250, 500]);
  });

  it('stops at once when the run is gone (404 on resume)', async () => {
    const gone = (): Response => new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'Run not found' } }), { status: 404 });
    const { fetchImpl } = scriptedFetch([() => sse([status(1)]), gone]);
    const failure = await client(fetchImpl).streamClient.invoke('a', body, { onEvent: () => undefined }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StreamLostError);
    expect((failure as Error).message).toContain('Run not found');
  });

  it('reconnects when nothing at all arrives for the idle timeout', async () => {
    const { fetchImpl, calls } = scriptedFetch([() => sse([status(1), token(2, 'x')], 'hang'), () => sse([token(3, 'y'), end(4)])]);
    const got = collector();
    const { streamClient } = client(fetchImpl, { idleTimeoutMs: 40 });
    await streamClient.invoke('a', body, { onEvent: got.onEvent });
    expect(got.text()).toBe('xy');
    expect(calls).toHaveLength(2);
  });

  it('treats pings as signs of life for the watchdog', async () => {
    const encoder = new TextEncoder();
    const pinging = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(status(1)));
        for (let i = 0; i < 6; i += 1) {
          await new Promise((r) => setTimeout(r, 20));
          controller.enqueue(encoder.encode(': ping\n\n'));
        }
        controller.enqueue(encoder.encode(end(2)));
        controller.close();
      },
    });
    const { fetchImpl, calls } = scriptedFetch([() => new Response(pinging)]);
    await client(fetchImpl, { idleTimeoutMs: 60 }).streamClient.invoke('a', body, { onEvent: () => undefined });
    expect(calls).toHaveLength(1);
  });

  it('throws the server error before the stream, with the running run id of a 409', async () => {
    const busy = (): Response =>
      new Response(JSON.stringify({ error: { code: 'CONFLICT', message: 'A run is in progress', run_id: 'run-9' } }), { status: 409 });
    const { fetchImpl } = scriptedFetch([busy]);
    const failure = await client(fetchImpl).streamClient.invoke('a', body, { onEvent: () => undefined }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 409, code: 'CONFLICT', runId: 'run-9' });
  });

  it('joins a running run from the start', async () => {
    const { fetchImpl, calls } = scriptedFetch([() => sse([status(1), token(2, 'z'), end(3)])]);
    const got = collector();
    const result = await client(fetchImpl).streamClient.join('run-1', { onEvent: got.onEvent });
    expect(calls[0]?.url).toBe('http://server.test/runs/run-1/stream?last_event_id=0');
    expect(got.text()).toBe('z');
    expect(result.outcome).toBe('completed');
  });

  it('returns "aborted" when the caller aborts a hanging stream', async () => {
    const { fetchImpl } = scriptedFetch([() => sse([status(1)], 'hang')]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const result = await client(fetchImpl).streamClient.invoke('a', body, { onEvent: () => undefined }, controller.signal);
    expect(result.outcome).toBe('aborted');
  });
});
