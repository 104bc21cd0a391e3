import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Tx } from '../ports/index.js';
import type { TransactionScope } from './transaction-scope.js';

/** Anything that runs queries: the database itself or a transaction (PgTransaction extends PgDatabase). */
export type Executor = PgDatabase<PgQueryResultHKT>;

/** The executor for a call: the caller's transaction when given, the database otherwise. */
export type ExecutorFor = (tx?: Tx) => Executor;

export function executorFor(db: Executor, scope: TransactionScope): ExecutorFor {
  return (tx) => {
    if (tx !== undefined) return tx as unknown as Executor; // Tx is an opaque brand over the driver's transaction.
    scope.assertOutside();
    return db;
  };
}

export function asTx(executor: Executor): Tx {
  return executor as unknown as Tx;
}
