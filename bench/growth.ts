import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillSizeAt, fillStatements, type FillSize } from './lib/fill-database.js';
import type { Child } from './lib/spawn-child.js';
import { ask } from './lib/spawn-child.js';
import { median, percentile } from './lib/stats.js';
import { startSwitchboard, type SwitchboardProcess, type SwitchboardStart } from './lib/switchboard-process.js';
import type { Command, Target } from './loadgen.js';
import { createAgentLogStore } from '../src/storage/agent-log-store.js';
import { connectPglite, type Connection } from '../src/storage/connect-pglite.js';
import { connectPostgres } from '../src/storage/connect-postgres.js';
import { executorFor } from '../src/storage/executor.js';
import { resolveMigrationsFolder } from '../src/storage/migrations-folder.js';
import { rawSqlOf } from '../src/storage/raw-sql.js';
import { createTransactionScope } from '../src/storage/transaction-scope.js';

/**
 * Issue 23's scenarios of growing work, each alone with `npm run bench -- --only=<name>` and in `--full`:
 * bigdb (a year of data), burst (1,000 conversations at 500/s), quiet (many streams at one token a second),
 * multi (two instances on PostgreSQL + Redis against one). Bounded in time; each prints `result <name>: …` lines.
 */
export interface GrowthContext {
  args: string[];
  full: boolean;
  start: Omit<SwitchboardStart, 'databaseUrl' | 'dataDir' | 'adminToken'>;
  loadgen: Child;
  fake: Child;
  pgBase: string | undefined;
  startProxy(): Promise<Child>;
  createDatabase(): Promise<string>;
  track<T extends Child>(child: T): T;
  stopChild(child: Child): Promise<void>;
  log(line: string): void;
  resultsDir: string;
}

export interface GrowthRow {
  scenario: string;
  name: string;
  figures: Record<string, number | string | null>;
}

/** The bench agent's own long thread, whatever the scale: the turn that must cost no more than a new thread's. */
const LONG_THREAD = 10_000;
const THREAD_WINDOW = 200; // src/app.ts historyLimit: the newest 200 messages since the last reset
const SHAPE = { tokens: 100, delayMs: 0 };
const r2 = (x: number) => Math.round(x * 100) / 100;
const cpu5 = (x: number) => Math.round(x * 1e5) / 1e5;
const option = (ctx: GrowthContext, name: string, quick: number, full: number) => Number(ctx.args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? (ctx.full ? full : quick));
const sbTarget = (sb: SwitchboardProcess, agentId = sb.agentId): Target => ({ port: sb.port, path: `/agent-invoke/${agentId}/invoke-stream`, headers: { authorization: `Bearer ${sb.adminToken}` } });
const plainTarget = (child: Child): Target => ({ port: child.info.port as number, path: '/invoke-stream', headers: {} });

/** CPU-s of the server per 1,000 tokens: `rounds` alternating slices per target after a warm-up, median each. */
async function cpuPer1k(ctx: GrowthContext, servers: Array<{ name: string; child: Child; target: Target }>, clients: number): Promise<Map<string, { cpu: number; errors: number; extra: Record<string, number> }>> {
  const rounds = option(ctx, 'rounds', 2, 6);
  const warmupMs = option(ctx, 'warm-up-ms', 8_000, 20_000);
  const sliceMs = option(ctx, 'slice-ms', 2_000, 3_000);
  const slices = new Map(servers.map((s) => [s.name, { values: [] as number[], errors: 0, extra: {} as Record<string, number> }]));
  const run = (server: (typeof servers)[number], warm: number, measure: number, prefix: string) =>
    ask<{ tokens: number; cpuSeconds: Record<string, number>; errors: number; errorSamples: string[] }>(ctx.loadgen, {
      type: 'throughput',
      target: server.target,
      clients,
      warmupMs: warm,
      measureMs: measure,
      shape: SHAPE,
      pids: { server: server.child.pid, fake: ctx.fake.pid, loadgen: ctx.loadgen.pid },
      threadPrefix: prefix,
    } satisfies Command);
  for (const server of servers) {
    ctx.log(`  warm-up ${server.name}, ${warmupMs / 1000} s …`);
    await run(server, warmupMs, 100, `g-warm-${randomUUID()}`);
  }
  for (let round = 0; round < rounds; round++) {
    for (const server of servers) {
      const r = await run(server, 300, sliceMs, `g-${round}-${randomUUID()}`);
      const entry = slices.get(server.name)!;
      entry.values.push((r.cpuSeconds.server! / Math.max(1, r.tokens)) * 1000);
      entry.errors += r.errors;
      for (const key of ['postgres', 'redis']) entry.extra[key] = (entry.extra[key] ?? 0) + Math.max(0, r.cpuSeconds[key] ?? 0) / Math.max(1, r.tokens) * 1000 / rounds;
      if (r.errors > 0) ctx.log(`  ${server.name}: ${r.errors} errors: ${r.errorSamples.join('; ')}`);
    }
  }
  return new Map([...slices].map(([name, s]) => [name, { cpu: median(s.values), errors: s.errors, extra: s.extra }]));
}

async function ttft(ctx: GrowthContext, cases: Array<{ name: string; target: Target; thread: string }>): Promise<Record<string, { p50: number; p99: number }>> {
  const samples = option(ctx, 'ttft-samples', 40, 300);
  const question = 'bench:tokens=20;delay=0 One more question, number __I__.';
  const r = await ask<{ ttftMs: Record<string, number[]>; errors: number; errorSamples: string[] }>(ctx.loadgen, {
    type: 'ttft',
    cases: cases.map((c) => ({ name: c.name, kind: 'sse' as const, target: c.target, bodyTemplate: JSON.stringify({ input: { messages: question }, config: { configurable: { thread_id: c.thread } } }) })),
    samples,
    warmup: 10,
  } satisfies Command);
  if (r.errors > 0) ctx.log(`  ttft errors: ${r.errorSamples.join('; ')}`);
  return Object.fromEntries(cases.map((c) => [c.name, { p50: percentile(r.ttftMs[c.name]!, 50), p99: percentile(r.ttftMs[c.name]!, 99) }]));
}

/** Fills a stopped server's database, adds a 10,000-message thread of the bench agent, times history reads. */
async function fillAndTime(connection: Connection, driver: 'pglite' | 'postgres', size: FillSize, agentId: string, log: (line: string) => void): Promise<Record<string, number>> {
  const started = performance.now();
  const statements = fillStatements(size);
  for (const [i, statement] of statements.entries()) {
    await connection.db.execute(statement);
    if (i % 5 === 4) log(`  fill: ${i + 1}/${statements.length} statements, ${Math.round((performance.now() - started) / 1000)} s`);
  }
  // the admin the first start created (none in a database that never served: then any user)
  const userId = (await firstRow(connection, `select user_id from users where lower(email) = 'bench@example.com'`))?.user_id ?? randomUUID();
  await connection.db.execute(`insert into agent_logs (agent_id, user_id, thread_id, role, content)
    select '${agentId}'::uuid, '${userId}'::uuid, 'bench-long', case when n % 2 = 1 then 'user' else 'assistant' end,
      'bench:tokens=20;delay=0 Long thread message ' || n || ': ' || repeat('lorem ipsum ', 14)
    from generate_series(1, ${size.messages === 0 ? 0 : LONG_THREAD}) n`);
  await connection.db.execute('analyze');
  const fillSeconds = (performance.now() - started) / 1000;
  const scope = createTransactionScope(false);
  const logs = createAgentLogStore(executorFor(connection.db, scope), rawSqlOf(connection.db, scope, driver));
  const timeReads = async (threadId: string) => {
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      await logs.history({ agentId, userId, threadId: threadId === 'new' ? `new-${i}` : threadId }, { limit: THREAD_WINDOW });
      times.push(performance.now() - t0);
    }
    return median(times.slice(5));
  };
  return { fillSeconds: Math.round(fillSeconds), historyNewMs: r2(await timeReads('new')), historyLongMs: r2(await timeReads('bench-long')) };
}

async function firstRow(connection: Connection, text: string): Promise<Record<string, string> | undefined> {
  const result = (await connection.db.execute(text)) as unknown as { rows: Array<Record<string, string>> };
  return result.rows[0];
}

export async function bigDatabase(ctx: GrowthContext): Promise<GrowthRow[]> {
  const scale = option(ctx, 'scale', 0.01, 1);
  const size = fillSizeAt(scale);
  const rows: GrowthRow[] = [];
  ctx.log(`bigdb: ${JSON.stringify(size)} (--scale=${scale})`);
  for (const kind of ['PGlite', ...(ctx.pgBase ? ['PostgreSQL'] : [])] as const) {
    const postgres = kind === 'PostgreSQL';
    const secretKey = randomBytes(32).toString('base64');
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-bigdb-'));
    const databaseUrl = postgres ? await ctx.createDatabase() : undefined;
    const first = await startSwitchboard({ ...ctx.start, dataDir, databaseUrl, secretKey, name: `${kind} filled (first start)` });
    await first.stop();
    ctx.log(`bigdb: filling ${kind} …`);
    const connection = postgres ? await connectPostgres({ databaseUrl: databaseUrl!, migrationsFolder: resolveMigrationsFolder() }) : await connectPglite({ dataDir, migrationsFolder: resolveMigrationsFolder() });
    const filledFigures = await fillAndTime(connection, postgres ? 'postgres' : 'pglite', size, first.agentId, ctx.log).finally(() => connection.close());
    const emptyDir = mkdtempSync(join(tmpdir(), 'bench-bigdb-empty-'));
    const emptyUrl = postgres ? await ctx.createDatabase() : undefined;
    const emptyConnection = postgres ? await connectPostgres({ databaseUrl: emptyUrl!, migrationsFolder: resolveMigrationsFolder() }) : await connectPglite({ dataDir: emptyDir, migrationsFolder: resolveMigrationsFolder() });
    const emptyFigures = await fillAndTime(emptyConnection, postgres ? 'postgres' : 'pglite', { users: 0, agents: 0, runs: 0, messages: 0, longThreads: 0, longThreadMessages: 0 }, first.agentId, () => undefined).finally(() => emptyConnection.close());
    const filled = ctx.track(await startSwitchboard({ ...ctx.start, dataDir, databaseUrl, secretKey, adminToken: first.adminToken, name: `${kind} filled` }));
    const empty = ctx.track(await startSwitchboard({ ...ctx.start, dataDir: emptyDir, databaseUrl: emptyUrl, secretKey, name: `${kind} empty` }));
    const filledTarget = sbTarget(filled, first.agentId);
    const cpu = await cpuPer1k(ctx, [{ name: 'empty', child: empty, target: sbTarget(empty) }, { name: 'filled', child: filled, target: filledTarget }], 50);
    const t = await ttft(ctx, [
      { name: 'empty, new thread', target: sbTarget(empty), thread: 'g-empty-__I__' },
      { name: 'filled, new thread', target: filledTarget, thread: 'g-new-__I__' },
      { name: 'filled, 10,000-message thread', target: filledTarget, thread: 'bench-long' },
    ]);
    const e = cpu.get('empty')!;
    const f = cpu.get('filled')!;
    const figures = {
      cpuEmpty: cpu5(e.cpu),
      cpuFilled: cpu5(f.cpu),
      cpuRatio: r2(f.cpu / e.cpu),
      ttftEmptyP50: r2(t['empty, new thread']!.p50),
      ttftFilledP50: r2(t['filled, new thread']!.p50),
      ttftLongP50: r2(t['filled, 10,000-message thread']!.p50),
      ttftEmptyP99: r2(t['empty, new thread']!.p99),
      ttftFilledP99: r2(t['filled, new thread']!.p99),
      ttftLongP99: r2(t['filled, 10,000-message thread']!.p99),
      historyReadEmptyMs: emptyFigures.historyNewMs!,
      historyReadNewMs: filledFigures.historyNewMs!,
      historyReadLongMs: filledFigures.historyLongMs!,
      fillSeconds: filledFigures.fillSeconds!,
      errors: e.errors + f.errors,
    };
    ctx.log(
      `result bigdb ${kind} (scale ${scale}): CPU-s/1k tokens empty ${figures.cpuEmpty}, filled ${figures.cpuFilled} (${figures.cpuRatio}×); TTFT p50/p99 ms empty ${figures.ttftEmptyP50}/${figures.ttftEmptyP99}, filled new thread ${figures.ttftFilledP50}/${figures.ttftFilledP99}, 10,000-message thread ${figures.ttftLongP50}/${figures.ttftLongP99}; history read (window ${THREAD_WINDOW}) ms: empty ${figures.historyReadEmptyMs}, filled new ${figures.historyReadNewMs}, 10,000-message ${figures.historyReadLongMs}; fill ${figures.fillSeconds} s; errors ${figures.errors}`,
    );
    rows.push({ scenario: 'bigdb', name: kind, figures });
    await ctx.stopChild(filled);
    await ctx.stopChild(empty);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(emptyDir, { recursive: true, force: true });
  }
  return rows;
}

type HoldResult = {
  opened: number;
  rampSeconds: number;
  rssPeakMb: number;
  ttftAllMs: { p50: number; p99: number };
  longestSilenceMs: { p50: number; p99: number; max: number };
  tokensPerSecond: number;
  errors: number;
  errorSamples: string[];
};

async function hold(ctx: GrowthContext, child: Child, target: Target, o: { streams: number; rate: number; holdMs: number; delayMs: number; prefix: string }): Promise<HoldResult> {
  const openTimeoutMs = Math.round((o.streams / o.rate) * 1000 + 30_000);
  const tokens = Math.ceil((openTimeoutMs + o.holdMs) / o.delayMs) + 30;
  return ask<HoldResult>(ctx.loadgen, {
    type: 'hold',
    target,
    streams: o.streams,
    rampPerSecond: o.rate,
    maxOpening: o.streams, // a burst: nobody waits for the server to catch up
    holdMs: o.holdMs,
    openTimeoutMs,
    shape: { tokens, delayMs: o.delayMs },
    serverPid: child.pid,
    threadPrefix: `${o.prefix}-${randomUUID()}`,
  } satisfies Command);
}

/** 1,000 new conversations opened at 500/s against the thin proxy and Switchboard, fresh warm servers. */
export async function burst(ctx: GrowthContext): Promise<GrowthRow[]> {
  const streams = option(ctx, 'burst', 1_000, 1_000);
  const rate = option(ctx, 'burst-rate', 500, 500);
  const rows: GrowthRow[] = [];
  const kinds = ['thin proxy', 'Switchboard (PGlite)', ...(ctx.pgBase ? ['Switchboard (PostgreSQL)'] : [])];
  for (const kind of kinds) {
    const child = ctx.track(kind === 'thin proxy' ? await ctx.startProxy() : await startSwitchboard({ ...ctx.start, ...(kind.includes('PostgreSQL') ? { databaseUrl: await ctx.createDatabase() } : {}) }));
    const target = kind === 'thin proxy' ? plainTarget(child) : sbTarget(child as SwitchboardProcess);
    await cpuPer1k(ctx, [{ name: kind, child, target }], 50); // the same warm-up for every server; figures unused
    ctx.log(`burst: ${kind}, ${streams} conversations at ${rate}/s …`);
    const r = await hold(ctx, child, target, { streams, rate, holdMs: 500, delayMs: 1_000, prefix: 'burst' });
    const figures = { p50: r2(r.ttftAllMs.p50), p99: r2(r.ttftAllMs.p99), opened: r.opened, rampSeconds: r2(r.rampSeconds), errors: r.errors };
    ctx.log(`  ${kind}: first token p50 ${figures.p50} ms, p99 ${figures.p99} ms, ${r.opened}/${streams} opened, ${r.errors} errors ${r.errorSamples.join('; ')}`);
    rows.push({ scenario: 'burst', name: kind, figures });
    if (r.errors > 0) ctx.log(`  ${kind} said:\n${child.output().slice(-3_000)}`);
    await ctx.stopChild(child);
  }
  const proxy = rows.find((row) => row.name === 'thin proxy')!.figures;
  for (const row of rows.filter((x) => x.name !== 'thin proxy')) {
    ctx.log(`result burst ${row.name}: first token p50 ${row.figures.p50} ms (${r2(Number(row.figures.p50) / Number(proxy.p50))}× thin proxy ${proxy.p50}), p99 ${row.figures.p99} ms (${r2(Number(row.figures.p99) / Number(proxy.p99))}× ${proxy.p99}), errors ${row.figures.errors}`);
  }
  return rows;
}

/** Many open streams at one token a second on one instance: RSS, errors, event-loop delay, longest silence. */
export async function quietStreams(ctx: GrowthContext, openFiles: number): Promise<GrowthRow[]> {
  const wanted = option(ctx, 'quiet-streams', 2_000, 10_000);
  const holdMs = option(ctx, 'quiet-hold-ms', 10_000, 60_000);
  const streams = Math.min(wanted, Math.floor((openFiles - 512) / 2));
  if (streams < wanted) ctx.log(`quiet: WARNING ${wanted} streams need ~${wanted * 2 + 512} open files, the hard limit is ${openFiles}: measuring ${streams}`);
  const probeFile = join(ctx.resultsDir, `event-loop-${process.pid}.jsonl`);
  rmSync(probeFile, { force: true });
  const probe = join(ctx.resultsDir, 'build/bench/lib/event-loop-probe.js');
  const sb = ctx.track(await startSwitchboard({ ...ctx.start, nodeArgs: [...(ctx.start.nodeArgs ?? []), '--import', probe], env: { EVENT_LOOP_PROBE_FILE: probeFile } }));
  ctx.log(`quiet: ${streams} streams at one token a second, held ${holdMs / 1000} s …`);
  const holdStartedAt = Date.now();
  const r = await hold(ctx, sb, sbTarget(sb), { streams, rate: 500, holdMs, delayMs: 1_000, prefix: 'quiet' });
  const seconds = readFileSync(probeFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { at: number; p99: number; max: number });
  // the seconds after every stream had its first token: the steady state of `streams` open streams
  const window = seconds.filter((s) => s.at >= holdStartedAt + r.rampSeconds * 1000 + 1_000);
  const loopP99 = percentile(window.map((s) => s.p99), 99);
  if (r.errors > 0) ctx.log(`  the server said:\n${sb.output().slice(-3_000)}`);
  await ctx.stopChild(sb);
  const figures = { streams, rssPeakMb: Math.round(r.rssPeakMb), errors: r.errors, eventLoopP99Ms: r2(loopP99), eventLoopMaxMs: r2(Math.max(0, ...window.map((s) => s.max))), silenceP99Ms: Math.round(r.longestSilenceMs.p99), silenceMaxMs: Math.round(r.longestSilenceMs.max), tokensPerSecond: Math.round(r.tokensPerSecond) };
  ctx.log(`result quiet: ${streams} streams, peak RSS ${figures.rssPeakMb} MB, ${figures.errors} errors ${r.errorSamples.join('; ')}, event-loop delay p99 ${figures.eventLoopP99Ms} ms over ${window.length} s with all open (worst single delay ${figures.eventLoopMaxMs} ms), longest silence per stream p99 ${figures.silenceP99Ms} ms (max ${figures.silenceMaxMs}; a token is due every 1,000 ms), ${figures.tokensPerSecond} tokens/s`);
  return [{ scenario: 'quiet', name: 'Switchboard (PGlite)', figures }];
}

/** Two instances on one PostgreSQL with REDIS_URL against one instance without Redis: CPU per token and TTFT. */
export async function multiInstance(ctx: GrowthContext): Promise<GrowthRow[]> {
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!ctx.pgBase) {
    ctx.log('multi: SKIPPED: set BENCH_DATABASE_URL or TEST_DATABASE_URL (PostgreSQL) and BENCH_REDIS_URL or TEST_REDIS_URL');
    return [];
  }
  const single = ctx.track(await startSwitchboard({ ...ctx.start, databaseUrl: await ctx.createDatabase(), name: 'single (PostgreSQL)' }));
  const sharedUrl = await ctx.createDatabase();
  const secretKey = randomBytes(32).toString('base64');
  const a = ctx.track(await startSwitchboard({ ...ctx.start, databaseUrl: sharedUrl, secretKey, redisUrl, name: 'instance A (PostgreSQL + Redis)' }));
  const b = ctx.track(await startSwitchboard({ ...ctx.start, databaseUrl: sharedUrl, secretKey, redisUrl, adminToken: a.adminToken, name: 'instance B (PostgreSQL + Redis)' }));
  const cpu = await cpuPer1k(ctx, [{ name: 'single', child: single, target: sbTarget(single) }, { name: 'A', child: a, target: sbTarget(a) }], 50);
  const t = await ttft(ctx, [
    { name: 'single', target: sbTarget(single), thread: 'm-single-__I__' },
    { name: 'A', target: sbTarget(a), thread: 'm-a-__I__' },
    { name: 'B, agent made on A', target: sbTarget(b, a.agentId), thread: 'm-b-__I__' },
  ]);
  const join = await joinLatency(ctx, a, b);
  const s = cpu.get('single')!;
  const m = cpu.get('A')!;
  const figures = {
    cpuSingle: cpu5(s.cpu),
    cpuMulti: cpu5(m.cpu),
    cpuRatio: r2(m.cpu / s.cpu),
    cpuRatioWithServices: r2((m.cpu + (m.extra.postgres ?? 0) + (m.extra.redis ?? 0)) / (s.cpu + (s.extra.postgres ?? 0))),
    ttftSingleP50: r2(t.single!.p50),
    ttftMultiP50: r2(t.A!.p50),
    ttftOtherInstanceP50: r2(t['B, agent made on A']!.p50),
    joinSameP50: r2(join.same.p50),
    joinOtherP50: r2(join.other.p50),
    joinSameP99: r2(join.same.p99),
    joinOtherP99: r2(join.other.p99),
    errors: s.errors + m.errors + join.errors,
  };
  ctx.log(`result multi: CPU-s/1k tokens single ${figures.cpuSingle}, with Redis ${figures.cpuMulti} (${figures.cpuRatio}×; ${figures.cpuRatioWithServices}× counting PostgreSQL's and Redis's CPU); TTFT p50 ms single ${figures.ttftSingleP50}, A ${figures.ttftMultiP50}, B ${figures.ttftOtherInstanceP50}; joining a running run started on A, first replayed event p50/p99 ms: through A ${figures.joinSameP50}/${figures.joinSameP99}, through B ${figures.joinOtherP50}/${figures.joinOtherP99}; errors ${figures.errors}`);
  for (const child of [single, a, b]) await ctx.stopChild(child);
  return [{ scenario: 'multi', name: 'PostgreSQL + Redis', figures }];
}

/**
 * A background run started on A, then joined from its start (`GET /runs/{id}/stream`, replay then live) through A
 * and through B in turns: the time to the first replayed event, which is what a resume costs the client.
 */
async function joinLatency(ctx: GrowthContext, a: SwitchboardProcess, b: SwitchboardProcess): Promise<{ same: { p50: number; p99: number }; other: { p50: number; p99: number }; errors: number }> {
  const samples = Math.max(10, Math.round(option(ctx, 'ttft-samples', 40, 300) / 2));
  const times = { same: [] as number[], other: [] as number[] };
  let errors = 0;
  const headers = { authorization: `Bearer ${a.adminToken}` };
  const firstEvent = async (server: SwitchboardProcess, runId: string): Promise<number> => {
    const controller = new AbortController();
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${server.port}/runs/${runId}/stream`, { headers: { ...headers, accept: 'text/event-stream' }, signal: controller.signal });
    if (response.status !== 200) throw new Error(`join: HTTP ${response.status}`);
    const reader = response.body!.getReader();
    let text = '';
    while (!/\nid: \d+|^id: \d+/.test(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error('join: stream ended before an event');
      text += Buffer.from(value).toString('utf8');
    }
    const elapsed = performance.now() - started;
    controller.abort();
    return elapsed;
  };
  for (let i = 0; i < samples; i++) {
    try {
      const started = await fetch(`http://127.0.0.1:${a.port}${sbTarget(a).path.replace('/invoke-stream', '/invoke')}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ input: { messages: 'bench:tokens=30;delay=100 Take your time.' }, config: { configurable: { thread_id: `join-${randomUUID()}` } }, background: true }),
      });
      const { run_id: runId } = (await started.json()) as { run_id: string };
      await new Promise((resolve) => setTimeout(resolve, 300)); // a few tokens in: there is something to replay
      const order: Array<'same' | 'other'> = i % 2 === 0 ? ['same', 'other'] : ['other', 'same'];
      for (const which of order) times[which].push(await firstEvent(which === 'same' ? a : b, runId));
    } catch (error) {
      errors++;
      if (errors <= 3) ctx.log(`  join: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { same: { p50: percentile(times.same, 50), p99: percentile(times.same, 99) }, other: { p50: percentile(times.other, 50), p99: percentile(times.other, 99) }, errors };
}
