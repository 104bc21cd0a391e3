import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from './executor.js';
import { createPgliteStatementQueue, type PgliteProtocolClient } from './pglite-statement-queue.js';
import type { TransactionScope } from './transaction-scope.js';

/** A parameterised statement straight to the driver: rows as the driver parses them. */
export type RawSql = (text: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

type PostgresClient = { query(text: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> };

/**
 * The driver under drizzle, for the few batch statements on the run path, where drizzle's per-query work
 * (query building, result parsers) costs more than the statement itself (docs/decisions/0700): a pg Pool
 * gets them as parameterised queries; PGlite gets the statements of one event-loop turn in one round trip
 * (one extended-protocol pipeline, pglite-statement-queue.ts). Never inside a transaction.
 */
export function rawSqlOf(db: Executor, scope: TransactionScope, driver: 'pglite' | 'postgres'): RawSql {
  const client: unknown = (db as unknown as { $client: unknown }).$client;
  const send =
    driver === 'pglite'
      ? createPgliteStatementQueue(client as PgliteProtocolClient)
      : async (text: string, params: unknown[]) => (await (client as PostgresClient).query(text, params)).rows;
  return (text, params) => {
    scope.assertOutside(); // as executorFor: a statement outside a running transaction would wait for it forever
    return send(text, params);
  };
}

/** The same statement as a drizzle SQL object ($n → bound parameter), for use inside a transaction. */
export function boundSql(text: string, params: unknown[]): SQL {
  // split with a capture group: even indexes are text, odd ones the parameter numbers
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${sql.param(params[Number(part) - 1])}`)));
}
