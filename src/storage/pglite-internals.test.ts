import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteStatementQueue, hasPgliteInternals, PGLITE_INTERNAL_METHODS, type PgliteProtocolClient } from './pglite-statement-queue.js';

// The run path calls PGlite's underscore-prefixed lock methods (docs/decisions/0701). This guard fails loudly
// when an upgrade removes them or the exact pin is loosened; the queue then falls back to the public path.
const packageJson = (path: string) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as { version: string; dependencies: Record<string, string> };
const pinned = packageJson('package.json').dependencies['@electric-sql/pglite'];
const installed = packageJson('node_modules/@electric-sql/pglite/package.json').version;

describe("the internal PGlite methods the run path relies on", () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(() => db.close());

  it('are pinned: package.json names one exact PGlite version, the one installed', () => {
    expect(pinned, 'pin @electric-sql/pglite to an exact version (npm install --save-exact): the run path calls its internals').toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed).toBe(pinned);
  });

  it.each(PGLITE_INTERNAL_METHODS)('%s still exists and runs its callback', async (name) => {
    const method: unknown = (db as unknown as Record<string, unknown>)[name];
    if (typeof method !== 'function') {
      throw new Error(`PGlite ${installed} has no ${name}: the run path now takes the public path (locks: 'public'); re-measure it (decision 0701) and drop the internal one or fix it`);
    }
    await expect((method as (fn: () => Promise<number>) => Promise<number>).call(db, async () => 42)).resolves.toBe(42);
    expect(hasPgliteInternals(db)).toBe(true);
  });

  it('takes the public path when the internal methods are gone, and refuses to be forced onto them', async () => {
    await db.exec('create table guard (id int primary key)');
    const withoutInternals: PgliteProtocolClient = {
      exec: (text, options) => db.exec(text, options),
      execProtocolStream: (message, options) => db.execProtocolStream(message, options),
      transaction: (fn) => db.transaction(fn),
      runExclusive: (fn) => db.runExclusive(fn),
      syncToFs: () => db.syncToFs(),
      parsers: db.parsers,
    };
    expect(hasPgliteInternals(withoutInternals)).toBe(false);
    const send = createPgliteStatementQueue(withoutInternals);
    await Promise.all([send('insert into guard values ($1)', [1]), send('insert into guard values ($1)', [2])]);
    expect(await send('select count(*)::int as n from guard', [])).toEqual([{ n: 2 }]);
    expect(() => createPgliteStatementQueue(withoutInternals, { locks: 'internal' })).toThrow(/_runExclusiveTransaction/);
  });
});
