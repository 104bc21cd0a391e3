import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteStatementQueue, inlineParams, sqlLiteral } from './pglite-statement-queue.js';

describe('sqlLiteral', () => {
  it('writes NULL, numbers, booleans, strings and arrays as literals', () => {
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(undefined)).toBe('NULL');
    expect(sqlLiteral(42)).toBe('42');
    expect(sqlLiteral(false)).toBe('false');
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral(['a', null, 3])).toBe("ARRAY['a',NULL,3]");
    expect(() => sqlLiteral(Number.NaN)).toThrow(/finite/);
    expect(() => sqlLiteral({})).toThrow(/no SQL literal/);
  });

  it('replaces every $n of a statement, $10 and beyond included', () => {
    const params = Array.from({ length: 11 }, (_, i) => i + 1);
    expect(inlineParams('select $1, $10, $11', params)).toBe('select 1, 10, 11');
  });
});

describe('createPgliteStatementQueue on PGlite', () => {
  let db: PGlite;
  let execCalls = 0;
  let send: ReturnType<typeof createPgliteStatementQueue>;

  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec('create table notes (id int primary key, body text, meta jsonb)');
    send = createPgliteStatementQueue({
      exec: (text) => {
        execCalls++;
        return db.exec(text);
      },
    });
  });
  afterAll(() => db.close());

  it('sends the statements of one event-loop turn in one round trip, each caller getting its own rows', async () => {
    execCalls = 0;
    const insert = 'insert into notes (id, body, meta) select * from unnest($1::int[], $2::text[], $3::jsonb[]) returning id';
    const [a, b, read] = await Promise.all([
      send(insert, [[1, 2], ['one', 'two'], [JSON.stringify({ n: 1 }), null]]),
      send(insert, [[3], ['three'], [null]]),
      send('select count(*)::int as n from notes', []),
    ]);
    expect(execCalls).toBe(1);
    expect(a).toEqual([{ id: 1 }, { id: 2 }]);
    expect(b).toEqual([{ id: 3 }]);
    expect(read).toEqual([{ n: 3 }]); // statements run in order, in one transaction
    expect((await db.query('select meta from notes where id = 1')).rows).toEqual([{ meta: { n: 1 } }]);
  });

  it('stores hostile text verbatim: quotes, backslashes, semicolons, comment and dollar markers', async () => {
    const hostile = "x'); drop table notes; -- \\' \\\\ $1 $$ E'\\n' \u00e9\u{1F600}";
    await send('insert into notes (id, body) values ($1, $2)', [10, hostile]);
    expect((await db.query<{ body: string }>('select body from notes where id = 10')).rows[0]!.body).toBe(hostile);
  });

  it('fails only the caller whose statement fails, even when it travelled with others', async () => {
    execCalls = 0;
    const results = await Promise.allSettled([
      send('insert into notes (id, body) values ($1, $2)', [20, 'fine']),
      send('insert into notes (id, body) values ($1, $2)', [1, 'duplicate key']),
      send('insert into notes (id, body) values ($1, $2)', [21, 'also fine']),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(execCalls).toBe(4); // the combined message, then each statement alone
    expect((await db.query('select id from notes where id in (20, 21) order by id')).rows).toEqual([{ id: 20 }, { id: 21 }]);
  });
});
