import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withHotPathCaches } from '../src/cache/index.js';
import { timeOrderedUuid } from '../src/domain/index.js';
import { openDatabase } from '../src/storage/open-database.js';

/**
 * The database work of a run alone, as the server does it (the stores behind the hot-path decorators), on a
 * fresh PGlite (or DATABASE_URL): per turn, `--batch` runs store their row and question, then their answer and
 * outcome. Prints main-thread CPU µs per run for each `--rounds` block after `--warm-up` runs, so a change to
 * the storage path can be compared without the rest of the server (decision 0700, "Measuring").
 *   npx tsx bench/run-path.ts [--runs=20000] [--batch=12] [--warm-up=20000] [--answer-chars=675]
 */
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const runs = arg('runs', 20_000);
const batch = arg('batch', 12);
const warmUp = arg('warm-up', 20_000);
const rounds = arg('rounds', 3);
const answer = 'lorem ipsum '.repeat(Math.ceil(arg('answer-chars', 675) / 12)).slice(0, arg('answer-chars', 675));

const dataDir = await mkdtemp(join(tmpdir(), 'run-path-'));
const storage = withHotPathCaches(await openDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL, checkTransactionScope: false }), { threadHistory: true });
const agentId = randomUUID();
const userId = randomUUID();

async function oneTurn(): Promise<void> {
  const started = Array.from({ length: batch }, () => ({ runId: timeOrderedUuid(), threadId: randomUUID() }));
  await Promise.all(
    started.flatMap(({ runId, threadId }) => [
      storage.runs.create({ runId, agentId, userId, threadId, model: 'gpt-4o-mini', status: 'running', surface: 'agent-invoke', startedAt: new Date(), instanceId: 'bench' }),
      storage.agentLogs.append([{ agentId, userId, threadId, runId, role: 'user', content: 'Tell me something.', toolName: null, toolCallId: null, toolInput: null, toolOutput: null, model: 'gpt-4o-mini', inputTokens: null, outputTokens: null, outcome: null }]),
    ]),
  );
  await Promise.all(
    started.map(async ({ runId, threadId }) => {
      await storage.agentLogs.append([{ agentId, userId, threadId, runId, role: 'assistant', content: answer, toolName: null, toolCallId: null, toolInput: null, toolOutput: null, model: 'gpt-4o-mini', inputTokens: 20, outputTokens: 100, outcome: 'completed' }]);
      await storage.runs.finish(runId, { status: 'completed', endedAt: new Date(), usage: { input_tokens: 20, output_tokens: 100, total_tokens: 120 }, errorCode: null, errorDetail: null });
    }),
  );
}

const walPosition = async () => String((await storage.rawQuery('select pg_current_wal_lsn()::text as lsn'))[0]!.lsn);
const walBytes = async (from: string, to: string) => Number((await storage.rawQuery(`select pg_wal_lsn_diff('${to}', '${from}') as bytes`))[0]!.bytes);

async function block(count: number): Promise<{ cpu: number; wal: number }> {
  const walBefore = await walPosition();
  const before = process.cpuUsage();
  for (let done = 0; done < count; done += batch) await oneTurn();
  const used = process.cpuUsage(before);
  return { cpu: (used.user + used.system) / count, wal: (await walBytes(walBefore, await walPosition())) / count };
}

try {
  await block(warmUp);
  const figures: Array<{ cpu: number; wal: number }> = [];
  for (let round = 0; round < rounds; round++) figures.push(await block(runs));
  console.log(`per run (batch ${batch}, answer ${answer.length} chars): CPU µs ${figures.map((f) => f.cpu.toFixed(1)).join(', ')}; WAL bytes ${figures.map((f) => f.wal.toFixed(0)).join(', ')}`);
} finally {
  // on a DATABASE_URL, take the bench's rows out again (its agent and user ids are its own)
  await storage.rawQuery(`delete from agent_logs where agent_id = '${agentId}'`);
  await storage.rawQuery(`delete from runs where agent_id = '${agentId}'`);
  await storage.database.close();
  await rm(dataDir, { recursive: true, force: true });
}
