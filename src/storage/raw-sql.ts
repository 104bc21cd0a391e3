import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from './executor.js';
import type { TransactionScope } from './transaction-scope.js';

/** A parameterised statement straight to the driver: rows as the driver parses them. */
export type RawSql = (text: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

/**
 * The driver under drizzle (PGlite or a pg Pool; both answer `query(text, params)` with `{ rows }`), for the
 * few batch statements on the run path: drizzle's per-query work (query building, result parsers) costs
 * more than the statement itself there (docs/decisions/0700). Never inside a transaction.
 */
export function rawSqlOf(db: Executor, scope: TransactionScope): RawSql {
  const client = (db as unknown as { $client: { query(text: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> } }).$client;
  return async (text, params) => {
    scope.assertOutside(); // as executorFor: a statement outside a running transaction would wait for it forever
    return (await client.query(text, params)).rows;
  };
}

/** The same statement as a drizzle SQL object ($n → bound parameter), for use inside a transaction. */
export function boundSql(text: string, params: unknown[]): SQL {
  // split with a capture group: even indexes are text, odd ones the parameter numbers
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${sql.param(params[Number(part) - 1])}`)));
}
