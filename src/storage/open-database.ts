import { sql } from 'drizzle-orm';
import type {
  AgentLogStore,
  AgentStore,
  CompanyStore,
  Database,
  FastworkflowStore,
  RunStore,
  ThreadTitleStore,
  TokenStore,
  ToolStore,
  UserStore,
} from '../ports/index.js';
import { createAgentLogStore } from './agent-log-store.js';
import { createAgentStore } from './agent-store.js';
import { createCompanyStore } from './company-store.js';
import { connectPglite, type Connection } from './connect-pglite.js';
import { connectPostgres } from './connect-postgres.js';
import { createDrizzleDatabase } from './drizzle-database.js';
import { executorFor } from './executor.js';
import { rawSqlOf } from './raw-sql.js';
import { createFastworkflowStore } from './fastworkflow-store.js';
import { resolveMigrationsFolder } from './migrations-folder.js';
import { createRunCheckpointStore, type RunCheckpointStore } from './run-checkpoint-store.js';
import { createRunStore } from './run-store.js';
import { createThreadTitleStore } from './thread-title-store.js';
import { createTokenStore } from './token-store.js';
import { createToolStore } from './tool-store.js';
import { createTransactionScope } from './transaction-scope.js';
import { createUserStore } from './user-store.js';
import { createWebhookStore } from './webhook-store.js';
import type { WebhookStore } from '../ports/webhooks.js';

function rowsOf(result: unknown): Array<Record<string, unknown>> {
  // pg's QueryResult and PGlite's Results both carry `rows`.
  return (result as { rows: Array<Record<string, unknown>> }).rows;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL 14+; when unset the embedded PGlite in `${dataDir}/pglite` is used. */
  databaseUrl?: string;
  dataDir: string;
  /** How long to wait for DATABASE_URL to answer (default 5000). */
  connectTimeoutMs?: number;
  /** Fail fast on a store call without `tx` inside a transaction (default true; off in production, see transaction-scope.ts). */
  checkTransactionScope?: boolean;
  /** Errors of idle pooled PostgreSQL connections, e.g. for logging; the pool recovers by itself. */
  onBackgroundError?: (err: Error) => void;
}

export interface StorageBundle {
  database: Database;
  users: UserStore;
  tokens: TokenStore;
  companies: CompanyStore;
  agents: AgentStore;
  tools: ToolStore;
  agentLogs: AgentLogStore;
  runs: RunStore;
  /** issue 16: the events of running runs, checkpointed (docs/decisions/0407). */
  runCheckpoints: RunCheckpointStore;
  fastworkflow: FastworkflowStore;
  /** issue 18: thread titles. */
  threadTitles: ThreadTitleStore;
  /** issue 19: agents' webhooks and the delivery log. */
  webhooks: WebhookStore;
  /** Raw SQL for tests and operator diagnostics (e.g. proving no plaintext secret is stored); never with user input. */
  rawQuery(sqlText: string): Promise<Array<Record<string, unknown>>>;
}

/**
 * Connects, applies pending migrations and returns every store. Failures are Errors whose message starts
 * with the variable to fix ("DATABASE_URL: …" or "DATA_DIR: …").
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<StorageBundle> {
  const migrationsFolder = resolveMigrationsFolder();
  const connection: Connection =
    options.databaseUrl === undefined
      ? await connectPglite({ dataDir: options.dataDir, migrationsFolder })
      : await connectPostgres({
          databaseUrl: options.databaseUrl,
          migrationsFolder,
          ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
          ...(options.onBackgroundError === undefined ? {} : { onBackgroundError: options.onBackgroundError }),
        });
  const scope = createTransactionScope(options.checkTransactionScope ?? true);
  const on = executorFor(connection.db, scope);
  const raw = rawSqlOf(connection.db, scope, options.databaseUrl === undefined ? 'pglite' : 'postgres');
  return {
    database: createDrizzleDatabase({ ...connection, scope }),
    users: createUserStore(on),
    tokens: createTokenStore(on),
    companies: createCompanyStore(on),
    agents: createAgentStore(on),
    tools: createToolStore(on),
    agentLogs: createAgentLogStore(on, raw),
    runs: createRunStore(on, raw),
    runCheckpoints: createRunCheckpointStore(raw),
    fastworkflow: createFastworkflowStore(on),
    threadTitles: createThreadTitleStore(on),
    webhooks: createWebhookStore(on),
    rawQuery: async (sqlText) => rowsOf(await connection.db.execute(sql.raw(sqlText))),
  };
}
