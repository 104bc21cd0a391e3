import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Executor } from './executor.js';

export interface Connection {
  db: Executor;
  close: () => Promise<void>;
}

/** The embedded PostgreSQL, persisted in `${dataDir}/pglite`, migrated to the current schema. */
export async function connectPglite(options: { dataDir: string; migrationsFolder: string }): Promise<Connection> {
  const directory = join(options.dataDir, 'pglite');
  let client: PGlite;
  try {
    await mkdir(directory, { recursive: true });
    client = await PGlite.create(directory);
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

function reasonOf(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}
