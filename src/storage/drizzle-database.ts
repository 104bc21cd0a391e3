import { sql } from 'drizzle-orm';
import type { Database } from '../ports/index.js';
import { toDomainError } from './db-errors.js';
import { asTx, type Executor } from './executor.js';
import type { TransactionScope } from './transaction-scope.js';

/**
 * The Database port over a drizzle connection (PGlite or pg Pool). Inside `work`, pass `tx` to every store
 * call: on PGlite's single connection anything else would wait for the transaction (see TransactionScope).
 */
export function createDrizzleDatabase(options: { db: Executor; scope: TransactionScope; close: () => Promise<void> }): Database {
  const { db, scope } = options;
  let closing: Promise<void> | null = null;

  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw toDomainError(err);
    }
  }

  return {
    transaction: (work) => guarded(() => db.transaction((dtx) => scope.run(() => work(asTx(dtx))))),
    withAdvisoryLock: (name, work) =>
      guarded(() =>
        db.transaction(async (dtx) => {
          // Transaction-scoped: released by commit or rollback, never leaked by a crashed caller.
          await dtx.execute(sql`select pg_advisory_xact_lock(hashtext(${name}))`);
          return scope.run(() => work(asTx(dtx)));
        }),
      ),
    ping: () =>
      guarded(async () => {
        await db.execute(sql`select 1`);
      }),
    close: () => {
      closing ??= options.close();
      return closing;
    },
  };
}
