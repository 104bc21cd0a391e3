import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { reportReady } from './lib/child-ready.js';
import { directive, type ReplyShape } from './lib/directive.js';
import { safeCpuSecondsOf, rssMbOf } from './lib/proc-stat.js';
import { OpenAiReader, SseReader } from './lib/sse-reader.js';
import { percentile } from './lib/stats.js';

/**
 * The load generator: N concurrent streaming clients over keep-alive node:http, in its own process so its CPU
 * is not counted. Commands arrive over IPC from bench/run.ts; each answers with one result message.
 */
export interface Target {
  port: number;
  path: string;
  headers: Record<string, string>;
}

export type Command =
  | { type: 'throughput'; target: Target; clients: number; warmupMs: number; measureMs: number; shape: ReplyShape; pids: Record<string, number>; threadPrefix: string }
  | { type: 'seed'; target: Target; threads: string[]; turns: number; concurrency: number; shape: ReplyShape }
  | { type: 'ttft'; cases: TtftCase[]; samples: number; warmup: number }
  | {
      type: 'hold';
      target: Target;
      streams: number;
      /** Upper bound of new streams per second… */
      rampPerSecond: number;
      /** …and of streams asked for but without a first token yet, so a busy server is not flooded. */
      maxOpening: number;
      holdMs: number;
      openTimeoutMs: number;
      shape: ReplyShape;
      serverPid: number;
      threadPrefix: string;
    };

export interface TtftCase {
  name: string;
  target: Target;
  /** `sse`: a Switchboard-style stream; `openai`: the fake upstream itself. */
  kind: 'sse' | 'openai';
  /** Request body; `__I__` is replaced by the sample number. */
  bodyTemplate: string;
}

interface StreamOutcome {
  error: string | null;
  tokens: number;
  firstTokenMs: number;
}

const MAX_ERROR_SAMPLES = 5;
const LOOPBACK = '127.0.0.1';

function invokeBody(message: string, threadId: string, onDisconnect: 'continue' | 'cancel' = 'continue'): string {
  return JSON.stringify({ input: { messages: message }, config: { configurable: { thread_id: threadId } }, on_disconnect: onDisconnect });
}

/** Sends one request and reads its stream to the end. `onRequest` hands out the request so it can be cut. */
function stream(
  agent: http.Agent,
  target: Target,
  body: string,
  sink: { tokens: number },
  options: { kind?: 'sse' | 'openai'; onFirstToken?: () => void; onRequest?: (req: http.ClientRequest) => void; onChunk?: () => void } = {},
): Promise<StreamOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const sse = options.kind === 'openai' ? null : new SseReader(sink, options.onFirstToken);
    const openai = options.kind === 'openai' ? new OpenAiReader() : null;
    let settled = false;
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      const firstAt = sse ? sse.firstTokenAt : openai!.firstTokenAt;
      resolve({ error, tokens: sse?.tokens ?? 0, firstTokenMs: firstAt > 0 ? firstAt - started : Number.NaN });
    };
    const req = http.request(
      {
        host: LOOPBACK,
        port: target.port,
        path: target.path,
        method: 'POST',
        agent,
        headers: { ...target.headers, 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.setEncoding('utf8');
        if (res.statusCode !== 200) {
          let text = '';
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => finish(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
          res.on('error', () => finish(`HTTP ${res.statusCode}`));
          return;
        }
        if (options.onChunk) res.on('data', options.onChunk);
        if (sse) res.on('data', (chunk: string) => sse.feed(chunk));
        else res.on('data', (chunk: string) => openai!.feed(chunk));
        res.on('end', () => finish(sse ? sse.problem() : openai!.done ? null : 'no [DONE]'));
        res.on('error', (error) => finish(`response: ${error.message}`));
        res.on('close', () => finish('connection closed mid-stream'));
      },
    );
    options.onRequest?.(req);
    let connectedAt = 0;
    req.on('socket', (socket) => socket.once('connect', () => (connectedAt = performance.now())));
    req.on('error', (error: NodeJS.ErrnoException) => {
      const stage = connectedAt === 0 ? 'before connecting' : `${Math.round(performance.now() - connectedAt)} ms after connecting`;
      finish(`request: ${error.code ?? error.message} (${stage}, ${sse?.tokens ?? 0} tokens in)`);
    });
    req.end(body);
  });
}

function cpuSnapshot(pids: Record<string, number>): Record<string, number> {
  return { ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, safeCpuSecondsOf(pid)])), postgres: serviceCpuSeconds('postgres'), redis: serviceCpuSeconds('redis-server'), machine: machineCpuSeconds() };
}

/** CPU seconds of the local PostgreSQL (or Redis) server's processes (their work for Switchboard is not "other" load). */
function serviceCpuSeconds(comm: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) total += safeCpuSecondsOf(Number(entry)) || 0;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** CPU seconds all processes of the machine have used (busy jiffies of /proc/stat). */
function machineCpuSeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const busy = fields.reduce((sum, value, i) => (i === 3 || i === 4 ? sum : sum + value), 0);
  return busy / 100;
}

class Errors {
  count = 0;
  samples: string[] = [];
  add(error: string): void {
    this.count++;
    const kind = error.replace(/\d+/g, 'N');
    if (this.samples.length < MAX_ERROR_SAMPLES && !this.samples.some((s) => s.replace(/\d+/g, 'N') === kind)) this.samples.push(error);
  }
}

async function throughput(cmd: Extract<Command, { type: 'throughput' }>) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const sink = { tokens: 0 };
  const errors = new Errors();
  let phase: 'warmup' | 'measure' | 'stop' = 'warmup';
  let streamsInWindow = 0;
  const message = `${directive(cmd.shape)} Tell me something.`;
  const stopping = () => phase === 'stop';

  async function client(index: number): Promise<void> {
    for (let n = 0; !stopping(); n++) {
      const outcome = await stream(agent, cmd.target, invokeBody(message, `${cmd.threadPrefix}-${index}-${n}`), sink);
      if (outcome.error) errors.add(outcome.error);
      else if (phase === 'measure') streamsInWindow++;
      if (outcome.error && !stopping()) await new Promise((resolve) => setTimeout(resolve, 50)); // no hot error loop
    }
  }

  const loops = Array.from({ length: cmd.clients }, (_, i) => client(i));
  await new Promise((resolve) => setTimeout(resolve, cmd.warmupMs));
  phase = 'measure';
  const tokens0 = sink.tokens;
  const cpu0 = cpuSnapshot(cmd.pids);
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, cmd.measureMs));
  const tokens1 = sink.tokens;
  const cpu1 = cpuSnapshot(cmd.pids);
  const t1 = performance.now();
  phase = 'stop';
  await Promise.all(loops);
  agent.destroy();
  const seconds = (t1 - t0) / 1000;
  const tokens = tokens1 - tokens0;
  const cpu = Object.fromEntries(Object.keys(cpu0).map((name) => [name, cpu1[name]! - cpu0[name]!]));
  return { tokens, seconds, tokensPerSecond: tokens / seconds, streams: streamsInWindow, cpuSeconds: cpu, errors: errors.count, errorSamples: errors.samples };
}

async function seed(cmd: Extract<Command, { type: 'seed' }>) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const sink = { tokens: 0 };
  const errors = new Errors();
  const queue = [...cmd.threads];
  async function worker(): Promise<void> {
    for (let thread = queue.shift(); thread !== undefined; thread = queue.shift()) {
      for (let turn = 0; turn < cmd.turns; turn++) {
        const message = `${directive(cmd.shape)} Question ${turn + 1} of this conversation: what should I know about topic ${turn}?`;
        const outcome = await stream(agent, cmd.target, invokeBody(message, thread), sink);
        if (outcome.error) errors.add(outcome.error);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(cmd.concurrency, cmd.threads.length) }, worker));
  agent.destroy();
  return { errors: errors.count, errorSamples: errors.samples };
}

async function ttft(cmd: Extract<Command, { type: 'ttft' }>) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const sink = { tokens: 0 };
  const errors = new Errors();
  const results: Record<string, number[]> = Object.fromEntries(cmd.cases.map((c) => [c.name, []]));
  for (let i = 0; i < cmd.warmup + cmd.samples; i++) {
    for (const testCase of cmd.cases) {
      const body = testCase.bodyTemplate.replaceAll('__I__', String(i));
      const outcome = await stream(agent, testCase.target, body, sink, { kind: testCase.kind });
      if (outcome.error) errors.add(`${testCase.name}: ${outcome.error}`);
      else if (i >= cmd.warmup) results[testCase.name]!.push(outcome.firstTokenMs);
    }
  }
  agent.destroy();
  return { ttftMs: results, errors: errors.count, errorSamples: errors.samples };
}

async function hold(cmd: Extract<Command, { type: 'hold' }>) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const sink = { tokens: 0 };
  const errors = new Errors();
  const requests: http.ClientRequest[] = [];
  let open = 0;
  let cutting = false;
  let endedEarly = 0;
  const message = `${directive(cmd.shape)} Stream slowly, please.`;
  const finished: Array<Promise<void>> = [];
  /** Time to first token of each stream, in the order they were asked for. */
  const firstTokenMs: number[] = [];
  /** Each stream's longest wait between two chunks after its first token (tokens and heartbeats both count). */
  const longestSilenceMs: number[] = [];
  let allOpen!: () => void;
  const allOpened = new Promise<void>((resolve) => (allOpen = resolve));
  const started = performance.now();
  let asked = 0;
  let wakeOpener: (() => void) | null = null;
  for (let i = 0; i < cmd.streams; i++) {
    const due = started + (i * 1000) / cmd.rampPerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    while (asked - open >= cmd.maxOpening && performance.now() - started < cmd.openTimeoutMs) {
      await new Promise<void>((resolve) => {
        wakeOpener = resolve;
        setTimeout(resolve, 100);
      });
    }
    asked++;
    const body = invokeBody(message, `${cmd.threadPrefix}-${i}`, 'cancel');
    const askedAt = performance.now();
    let lastChunkAt = 0;
    longestSilenceMs[i] = 0;
    finished.push(
      stream(agent, cmd.target, body, sink, {
        onChunk: () => {
          const now = performance.now();
          if (lastChunkAt > 0 && !cutting) longestSilenceMs[i] = Math.max(longestSilenceMs[i]!, now - lastChunkAt);
          lastChunkAt = now;
        },
        onFirstToken: () => {
          firstTokenMs[i] = performance.now() - askedAt;
          wakeOpener?.();
          if (++open === cmd.streams) allOpen();
        },
        onRequest: (req) => requests.push(req),
      }).then((outcome) => {
        if (cutting) return;
        if (outcome.error) errors.add(outcome.error);
        else endedEarly++;
      }),
    );
  }
  const openedInTime = await Promise.race([
    allOpened.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), cmd.openTimeoutMs)),
  ]);
  const rampSeconds = (performance.now() - started) / 1000;
  const rss: number[] = [];
  const tokens0 = sink.tokens;
  const cpu0 = safeCpuSecondsOf(cmd.serverPid);
  const t0 = performance.now();
  const sampler = setInterval(() => rss.push(rssMbOf(cmd.serverPid)), 250);
  await new Promise((resolve) => setTimeout(resolve, cmd.holdMs));
  clearInterval(sampler);
  rss.push(rssMbOf(cmd.serverPid));
  const holdSeconds = (performance.now() - t0) / 1000;
  const tokens = sink.tokens - tokens0;
  const cpuPer1kTokens = ((safeCpuSecondsOf(cmd.serverPid) - cpu0) / tokens) * 1000;
  const openAtEnd = open - endedEarly - errors.count;
  cutting = true;
  for (const req of requests) req.destroy();
  await Promise.all(finished);
  agent.destroy();
  if (!openedInTime) errors.add(`only ${open} of ${cmd.streams} streams had a first token after ${cmd.openTimeoutMs} ms`);
  return {
    streams: cmd.streams,
    opened: open,
    openAtEnd,
    rampSeconds,
    rssPeakMb: Math.max(...rss),
    // the last half of the ramp: streams that had to start while thousands of others were running
    ttftUnderLoadMs: { p50: percentile(firstTokenMs.slice(cmd.streams / 2).filter(Number.isFinite), 50), p99: percentile(firstTokenMs.slice(cmd.streams / 2).filter(Number.isFinite), 99) },
    ttftAllMs: { p50: percentile(firstTokenMs.filter(Number.isFinite), 50), p99: percentile(firstTokenMs.filter(Number.isFinite), 99) },
    longestSilenceMs: { p50: percentile(longestSilenceMs, 50), p99: percentile(longestSilenceMs, 99), max: Math.max(0, ...longestSilenceMs) },
    rssMeanMb: rss.reduce((a, b) => a + b, 0) / rss.length,
    tokensPerSecond: tokens / holdSeconds,
    cpuPer1kTokens,
    endedEarly,
    errors: errors.count + endedEarly,
    errorSamples: endedEarly > 0 ? [...errors.samples, `${endedEarly} streams ended before the hold was over`] : errors.samples,
  };
}

process.on('message', (cmd: Command) => {
  const run = (): Promise<unknown> => {
    switch (cmd.type) {
      case 'throughput':
        return throughput(cmd);
      case 'seed':
        return seed(cmd);
      case 'ttft':
        return ttft(cmd);
      case 'hold':
        return hold(cmd);
    }
  };
  run().then(
    (result) => process.send!({ type: 'result', result }),
    (error: unknown) => process.send!({ type: 'failed', error: error instanceof Error ? error.stack : String(error) }),
  );
});
reportReady({});
