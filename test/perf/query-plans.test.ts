import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { Logger } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillId, fillStatements, longThreadKey, type FillSize } from '../../bench/lib/fill-database.js';
import { timeOrderedUuid } from '../../src/domain/index.js';
import type { NewRun, RunOutcome } from '../../src/ports/index.js';
import { createAgentLogStore } from '../../src/storage/agent-log-store.js';
import { createAgentStore } from '../../src/storage/agent-store.js';
import { connectPglite, type Connection } from '../../src/storage/connect-pglite.js';
import { connectPostgres } from '../../src/storage/connect-postgres.js';
import { executorFor, type Executor } from '../../src/storage/executor.js';
import { resolveMigrationsFolder } from '../../src/storage/migrations-folder.js';
import { rawSqlOf, type RawSql } from '../../src/storage/raw-sql.js';
import { createRunCheckpointStore } from '../../src/storage/run-checkpoint-store.js';
import { createRunStore } from '../../src/storage/run-store.js';
import { createTokenStore } from '../../src/storage/token-store.js';
import { createTransactionScope } from '../../src/storage/transaction-scope.js';
import { serviceAvailable, testDatabaseUrl } from '../support/requirements.js';

/**
 * Every statement a run sends (auth, agent, history, run row, messages, outcome, checkpoints, the reaper's and
 * the run list's reads), captured from the real stores, EXPLAINed on a database filled with set-based SQL
 * (bench/lib/fill-database.ts) at a size where the planner prefers an index whenever one fits: a Seq Scan of
 * one of the large tables means the query reads a whole table per run, and grows with the database.
 */
const SIZE: FillSize = { users: 2_000, agents: 5_000, runs: 20_000, messages: 50_000, longThreads: 1, longThreadMessages: 10_000 };
const LARGE_TABLES = new Set(['runs', 'agent_logs', 'agents', 'users']);

interface Target {
  name: string;
  connection: Connection;
  /** drizzle on the same driver client, logging every statement it sends. */
  recordingDb: Executor;
  /** EXPLAIN (FORMAT JSON) of a statement with its parameters; `analyze` runs it (for reads only). */
  explain(text: string, params: unknown[], analyze?: boolean): Promise<unknown>;
  cleanup(): Promise<void>;
}

const captured = new Map<string, unknown[]>();
const logger: Logger = { logQuery: (query, params) => void captured.set(query, params) };

async function pgliteTarget(): Promise<Target> {
  const dataDir = await mkdtemp(join(tmpdir(), 'query-plans-'));
  const connection = await connectPglite({ dataDir, migrationsFolder: resolveMigrationsFolder() });
  const client = (connection.db as unknown as { $client: PGlite }).$client;
  return {
    name: 'PGlite',
    connection,
    recordingDb: drizzlePglite(client, { logger }) as unknown as Executor,
    explain: async (text, params, analyze) => (await client.query<{ 'QUERY PLAN': unknown }>(`explain (${analyze ? 'analyze, ' : ''}format json) ${text}`, params)).rows[0]!['QUERY PLAN'],
    cleanup: async () => {
      await connection.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function postgresTarget(serverUrl: string): Promise<Target> {
  const name = `switchboard_plans_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = await connectPostgres({ databaseUrl: url.toString(), migrationsFolder: resolveMigrationsFolder() });
  const pool = (connection.db as unknown as { $client: pg.Pool }).$client;
  return {
    name: 'PostgreSQL',
    connection,
    recordingDb: drizzlePg(pool, { logger }) as unknown as Executor,
    explain: async (text, params, analyze) => (await pool.query<{ 'QUERY PLAN': unknown }>(`explain (${analyze ? 'analyze, ' : ''}format json) ${text}`, params)).rows[0]!['QUERY PLAN'],
    cleanup: async () => {
      await connection.close();
      await admin(`drop database if exists "${name}" with (force)`);
    },
  };
}

/** Each plan node: its type, relation and (EXPLAIN ANALYZE) the rows it read, returned or filtered out, per loop. */
function planNodes(plan: unknown): Array<{ type: string; relation: string | undefined; rowsRead: number }> {
  const out: Array<{ type: string; relation: string | undefined; rowsRead: number }> = [];
  const walk = (node: Record<string, unknown>) => {
    const rowsRead = Number(node['Actual Rows'] ?? 0) + Number(node['Rows Removed by Filter'] ?? 0) + Number(node['Rows Removed by Index Recheck'] ?? 0);
    out.push({ type: String(node['Node Type']), relation: node['Relation Name'] as string | undefined, rowsRead });
    for (const child of (node.Plans as Array<Record<string, unknown>> | undefined) ?? []) walk(child);
  };
  for (const root of plan as Array<{ Plan: Record<string, unknown> }>) walk(root.Plan);
  return out;
}

const targets: Array<() => Promise<Target>> = [pgliteTarget];
if (serviceAvailable('PostgreSQL', Boolean(testDatabaseUrl), 'set TEST_DATABASE_URL=postgres://user@host:5432/postgres')) targets.push(() => postgresTarget(testDatabaseUrl!));

describe.each(targets.map((open) => [open.name === 'pgliteTarget' ? 'PGlite' : 'PostgreSQL', open] as const))('the run path on a filled database (%s)', (_name, open) => {
  let target: Target;
  const statements = new Map<string, unknown[]>();

  beforeAll(async () => {
    target = await open();
    for (const statement of fillStatements(SIZE)) await target.connection.db.execute(statement);
    captured.clear();
    const scope = createTransactionScope(false);
    const on = executorFor(target.recordingDb, scope);
    const driver = target.name === 'PGlite' ? 'pglite' : 'postgres';
    const inner = rawSqlOf(target.connection.db, scope, driver);
    const raw: RawSql = (text, params) => (captured.set(text, params), inner(text, params));
    await exerciseRunPath({ on, raw });
    for (const [text, params] of captured) statements.set(text, params);
  }, 120_000);
  afterAll(() => target?.cleanup());

  it('captures the statements of a run: history, run row, messages, outcome, checkpoints, auth and agent', () => {
    const texts = [...statements.keys()].join('\n');
    for (const table of ['agent_logs', 'runs', 'run_checkpoints', 'api_tokens', 'agents']) expect(texts).toContain(table);
    expect(statements.size).toBeGreaterThanOrEqual(15);
  });

  it('reads no large table from end to end in any of them', async () => {
    const scans: string[] = [];
    for (const [text, params] of statements) {
      const nodes = planNodes(await target.explain(text, params));
      for (const node of nodes) if (node.type === 'Seq Scan' && LARGE_TABLES.has(node.relation ?? '')) scans.push(`Seq Scan on ${node.relation} in: ${text.replace(/\s+/g, ' ').slice(0, 240)}`);
    }
    expect(scans).toEqual([]);
  });

  // decision 0702: without the partial index of resets (migration 0006) the "since the last reset" lookup read
  // every row of the thread (Rows Removed by Filter: 10,000)
  it('reads a bounded window of a 10,000-message thread: at most a few times the 200 messages the model sees', async () => {
    const history = [...statements].find(([text]) => text.includes('cross join lateral'));
    expect(history).toBeDefined();
    const long = longThreadKey(SIZE, 1);
    const params = [[long.agentId], [long.userId], [long.threadId], [0], 200];
    const nodes = planNodes(await target.explain(history![0], params, true));
    expect(Math.max(...nodes.map((node) => node.rowsRead))).toBeLessThanOrEqual(3 * 200);
  });
});

/** The store calls of a run and of what serves it, each shape once (one row and several, hit and miss). */
async function exerciseRunPath({ on, raw }: { on: ReturnType<typeof executorFor>; raw: RawSql }): Promise<void> {
  const runs = createRunStore(on, raw);
  const agentLogs = createAgentLogStore(on, raw);
  const tokens = createTokenStore(on);
  const agents = createAgentStore(on);
  const checkpoints = createRunCheckpointStore(raw);
  const long = longThreadKey(SIZE, 1);
  const fresh = { agentId: long.agentId, userId: long.userId, threadId: 'a-new-thread' };
  const newRun = (threadId: string): NewRun => ({ runId: timeOrderedUuid(), agentId: long.agentId, userId: long.userId, threadId, model: 'openai/gpt-4o-mini', status: 'running', surface: 'agent-invoke', startedAt: new Date(), instanceId: 'plans' });
  const outcome: RunOutcome = { status: 'completed', endedAt: new Date(), usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3 }, errorCode: null, errorDetail: null };
  const message = (runId: string, role: 'user' | 'assistant') => ({ ...fresh, runId, role, content: 'hello', toolName: null, toolCallId: null, toolInput: null, toolOutput: null, model: null, inputTokens: null, outputTokens: null, outcome: null });

  await tokens.findActive('0'.repeat(64), new Date());
  await agents.findById(fillId('agent', 1));
  await agentLogs.history(long, { limit: 200 });
  await agentLogs.history(fresh, { limit: 200 });
  await agentLogs.historyOfThreads([long, fresh], 200);
  await agentLogs.listThreads({ agentId: long.agentId, userId: long.userId });
  const one = newRun(fresh.threadId);
  const two = [newRun('t2'), newRun('t3')];
  await runs.create(one);
  await runs.createMany(two);
  await agentLogs.append([message(one.runId, 'user')]);
  await agentLogs.append([message(one.runId, 'assistant'), message(two[0]!.runId, 'assistant')]);
  await checkpoints.saveMany([{ runId: one.runId, firstSeq: 1, events: ['a', 'b'] }]);
  await checkpoints.load(one.runId);
  await runs.findById(one.runId);
  await runs.listRunning('plans');
  await runs.listRunning();
  await runs.finish(one.runId, outcome);
  await runs.finishMany(two.map((run) => ({ runId: run.runId, outcome })));
  await checkpoints.discardMany([one.runId]);
  await checkpoints.discardOfEndedRuns();
  await runs.listForUser({ userId: long.userId, limit: 20 });
  await runs.listForUser({ userId: long.userId, limit: 20, before: { runId: one.runId } });
}
