import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Executor } from './executor.js';

/**
 * PostgreSQL settings for a small, long-running embedded server (docs/decisions/0103-pglite-memory.md).
 * WASM memory never shrinks, so whatever PostgreSQL touches once stays resident for the life of the process.
 */
export const pgliteSettings: readonly string[] = [
  // initdb's 128MB is all zeroed at start (~120 MB of idle RSS); misses are served from the OS page cache.
  'shared_buffers=16MB',
  // caps the permanent high-water mark a CREATE INDEX on a big table (a future migration) would leave; default 64MB.
  'maintenance_work_mem=16MB',
];

/** PGlite's own start parameters (replaced, not merged, by `startParams`) plus ours; fsync and durability as before. */
function pgliteStartParams(): string[] {
  return [...PGlite.defaultStartParams, ...pgliteSettings.flatMap((setting) => ['-c', setting])];
}

export interface Connection {
  db: Executor;
  close: () => Promise<void>;
}

/** The embedded PostgreSQL, persisted in `${dataDir}/pglite`, migrated to the current schema. */
export async function connectPglite(options: { dataDir: string; migrationsFolder: string }): Promise<Connection> {
  const directory = join(options.dataDir, 'pglite');
  const pgliteOptions = { startParams: pgliteStartParams() };
  let client: PGlite;
  try {
    await mkdir(directory, { recursive: true });
    if (!existsSync(join(directory, 'PG_VERSION'))) await initialiseInChildProcess(directory, pgliteOptions);
    client = await PGlite.create(directory, pgliteOptions);
  } catch (err) {
    throw new Error(`DATA_DIR: cannot open the embedded database in ${directory} (${reasonOf(err)})`, { cause: err });
  }
  const db = drizzle(client);
  try {
    await migrate(db, { migrationsFolder: options.migrationsFolder });
  } catch (err) {
    await client.close().catch(() => undefined);
    throw new Error(`DATA_DIR: cannot migrate the embedded database in ${directory} (${reasonOf(err)})`, { cause: err });
  }
  return { db, close: () => client.close() };
}

const INITDB_SCRIPT = `const { PGlite } = require(process.argv[1]);
PGlite.create(process.argv[2], JSON.parse(process.argv[3])).then((pg) => pg.close()).then(
  () => process.exit(0),
  (err) => { console.error(err && err.stack ? err.stack : String(err)); process.exit(1); },
);`;

/**
 * PGlite's initdb (a second in-memory instance plus a tar copy) leaves hundreds of MB resident for good in the
 * process running it, so a throw-away child does it. Any failure here falls back to PGlite.create's own initdb, which
 * then reports the real problem, so this can only cost memory, never availability.
 */
async function initialiseInChildProcess(directory: string, options: { startParams: string[] }): Promise<void> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  await new Promise<void>((resolve) => {
    const child = spawn(process.execPath, ['-e', INITDB_SCRIPT, entry, directory, JSON.stringify(options)], { stdio: 'ignore' });
    child.once('error', () => resolve());
    child.once('exit', () => resolve());
  });
}

function reasonOf(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}
