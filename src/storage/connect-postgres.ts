import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Connection } from './connect-pglite.js';
import { describeConnectError } from './describe-connect-error.js';

export interface PostgresOptions {
  databaseUrl: string;
  migrationsFolder: string;
  connectTimeoutMs?: number;
  /** Errors of idle pooled connections (the pool drops the connection and carries on). */
  onBackgroundError?: (err: Error) => void;
}

const MIGRATION_LOCK = 'switchboard:migrations';
const MIN_SERVER_VERSION = 140000;

/** A pg Pool on DATABASE_URL, checked and migrated; every failure is an Error starting "DATABASE_URL: ". */
export async function connectPostgres(options: PostgresOptions): Promise<Connection> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, connectionTimeoutMillis: connectTimeoutMs });
  pool.on('error', (err) => options.onBackgroundError?.(err));

  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`DATABASE_URL: ${describeConnectError(options.databaseUrl, err, connectTimeoutMs)}`, { cause: err });
  }

  try {
    const version = await client.query<{ server_version_num: string }>('show server_version_num');
    const versionNum = Number(version.rows[0]?.server_version_num ?? 0);
    if (versionNum < MIN_SERVER_VERSION) {
      throw new Error(`PostgreSQL 14 or newer is required (the server is ${Math.floor(versionNum / 10000)})`);
    }
    // Several instances may start at once: one migrates, the others wait and find nothing left to do.
    await client.query('select pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder: options.migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
    }
    client.release();
  } catch (err) {
    client.release(true);
    await pool.end().catch(() => undefined);
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new Error(`DATABASE_URL: cannot prepare the database (${reason})`, { cause: err });
  }

  return { db: drizzle(pool), close: () => pool.end() };
}
