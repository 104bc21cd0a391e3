import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withHotPathCaches } from '../src/cache/index.js';
import { timeOrderedUuid } from '../src/domain/index.js';
import { createAgentLogStore } from '../src/storage/agent-log-store.js';
import { createAgentStore } from '../src/storage/agent-store.js';
import { connectPglite } from '../src/storage/connect-pglite.js';
import { executorFor } from '../src/storage/executor.js';
import { resolveMigrationsFolder } from '../src/storage/migrations-folder.js';
import { createPgliteStatementQueue, type PgliteLocks, type PgliteProtocolClient } from '../src/storage/pglite-statement-queue.js';
import { createRunStore } from '../src/storage/run-store.js';
import { createTokenStore } from '../src/storage/token-store.js';
import { createTransactionScope } from '../src/storage/transaction-scope.js';

/**
 * A/B of the two ways the run path takes PGlite's locks (decision 0701): the same run writes as bench/run-path.ts
 * (run row and question, then answer and outcome, `--batch` runs a turn, through the hot-path decorators), on one
 * PGlite, with the queue on its internal lock methods and on its public ones, alternated block by block in one
 * process (CPU moves by ±20% between processes on this VM). Prints CPU µs per run of each block and the medians.
 *   npx tsx bench/pglite-locks-ab.ts [--runs=3000] [--batch=12] [--rounds=4] [--warm-up=3000]
 */
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const runs = arg('runs', 3000);
const batch = arg('batch', 12);
const rounds = arg('rounds', 4);
const warmUp = arg('warm-up', 3000);
const answer = 'lorem ipsum '.repeat(57).slice(0, 675);

const dataDir = await mkdtemp(join(tmpdir(), 'pglite-locks-ab-'));
const connection = await connectPglite({ dataDir, migrationsFolder: resolveMigrationsFolder() });
const scope = createTransactionScope(false);
const on = executorFor(connection.db, scope);
const client = (connection.db as unknown as { $client: PgliteProtocolClient }).$client;

function storesWith(locks: PgliteLocks) {
  const raw = createPgliteStatementQueue(client, { locks });
  return withHotPathCaches({ tokens: createTokenStore(on), agents: createAgentStore(on), runs: createRunStore(on, raw), agentLogs: createAgentLogStore(on, raw) }, { threadHistory: true });
}
const paths = { internal: storesWith('internal'), public: storesWith('public') };
const agentId = randomUUID();
const userId = randomUUID();

async function oneTurn(storage: (typeof paths)['internal']): Promise<void> {
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

async function block(locks: PgliteLocks, count: number): Promise<number> {
  const before = process.cpuUsage();
  for (let done = 0; done < count; done += batch) await oneTurn(paths[locks]);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  await block('internal', warmUp);
  await block('public', warmUp);
  const figures: Record<PgliteLocks, number[]> = { internal: [], public: [] };
  for (let round = 0; round < rounds; round++) {
    const order: PgliteLocks[] = round % 2 === 0 ? ['internal', 'public'] : ['public', 'internal'];
    for (const locks of order) figures[locks].push(await block(locks, runs));
  }
  for (const locks of ['internal', 'public'] as const) console.log(`${locks}: CPU µs per run ${figures[locks].map((f) => f.toFixed(0)).join(', ')}`);
  const ratio = median(figures.public) / median(figures.internal);
  console.log(`result pglite-locks batch=${batch}: internal ${median(figures.internal).toFixed(0)} µs/run, public ${median(figures.public).toFixed(0)} µs/run, public/internal ${ratio.toFixed(2)}×`);
} finally {
  await connection.close();
  await rm(dataDir, { recursive: true, force: true });
}
