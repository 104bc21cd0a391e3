import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteStatementQueue, executeArgument, inlineParams, sqlLiteral } from './pglite-statement-queue.js';

describe('sqlLiteral', () => {
  it('writes NULL, numbers, booleans, strings and arrays as literals', () => {
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(undefined)).toBe('NULL');
    expect(sqlLiteral(42)).toBe('42');
    expect(sqlLiteral(false)).toBe('false');
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral(['a', null, 3])).toBe("ARRAY['a',NULL,3]");
    for (const text of ["plain", "it's", 'back\\slash', "both \\' mixed ''", '']) expect(sqlLiteral(text)).toBe(pg.escapeLiteral(text));
    expect(() => sqlLiteral(Number.NaN)).toThrow(/finite/);
    expect(() => sqlLiteral({})).toThrow(/no SQL literal/);
  });

  it('writes execute arguments as untyped literals: arrays in array syntax, every scalar quoted', () => {
    expect(executeArgument(null)).toBe('NULL');
    expect(executeArgument(7)).toBe("'7'");
    expect(executeArgument(true)).toBe("'true'");
    expect(executeArgument(new Date('2026-01-02T03:04:05.678Z'))).toBe("'2026-01-02T03:04:05.678Z'");
    expect(executeArgument(['a', null, 'it\'s "q" \\'])).toBe(` E'{"a",NULL,"it''s \\\\"q\\\\" \\\\\\\\"}'`);
    expect(() => executeArgument([Number.POSITIVE_INFINITY])).toThrow(/finite/);
    expect(() => executeArgument([['nested']])).toThrow(/nested/);
  });

  it('replaces every $n of a statement, $10 and beyond included', () => {
    const params = Array.from({ length: 11 }, (_, i) => i + 1);
    expect(inlineParams('select $1, $10, $11', params)).toBe('select 1, 10, 11');
  });
});

describe('createPgliteStatementQueue on PGlite', () => {
  let db: PGlite;
  let execCalls = 0;
  const prepares: string[] = [];
  const sent: string[] = [];
  let send: ReturnType<typeof createPgliteStatementQueue>;

  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec('create table notes (id int primary key, body text, meta jsonb)');
    send = createPgliteStatementQueue({
      exec: (text) => {
        if (text.startsWith('prepare ')) prepares.push(text);
        else {
          execCalls++;
          sent.push(text);
        }
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

  it('prepares each statement text once: later batches send execute with the values, in order', async () => {
    const insert = 'insert into notes (id, body) values ($1, $2)';
    const count = 'select count(*)::int as n from notes where id >= 30';
    expect(await send(count, [])).toEqual([{ n: 0 }]);
    const before = prepares.length;
    sent.length = 0;
    // a text seen for the first time (prepared first) followed by one already prepared: order is kept
    const fresh = 'insert into notes (id, body, meta) select * from unnest($1::int[], $2::text[], $3::jsonb[])';
    const [, , counted] = await Promise.all([send(insert, [30, 'thirty']), send(fresh, [[31, 32], ['a', 'b'], [null, null]]), send(count, [])]);
    expect(counted).toEqual([{ n: 3 }]);
    expect(prepares.slice(before)).toEqual([`prepare sb_run_path_${before + 1} as ${fresh}`]); // only `fresh` was new
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^execute sb_run_path_\d+\('30', 'thirty'\);\nexecute /);
  });

  it('passes arrays of uuids, times, JSON and hostile text with NULLs through execute unchanged', async () => {
    await db.exec('create table typed (id uuid primary key, at timestamptz, body text, meta jsonb)');
    const ids = ['0b0b4a6e-8d6e-4c1a-9a43-5d0f2f1e7c11', '1c1c4a6e-8d6e-4c1a-9a43-5d0f2f1e7c22', '2d2d4a6e-8d6e-4c1a-9a43-5d0f2f1e7c33'];
    const hostile = 'x\'"); drop table typed; -- \\" {a,b} NULL \u00e9';
    const insert = 'insert into typed select * from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::jsonb[]) returning id';
    const rows = await send(insert, [ids, [new Date('2026-01-02T03:04:05.678Z'), null, '2026-03-04T05:06:07Z'], [hostile, null, 'NULL'], [JSON.stringify({ q: '"\\' }), null, 'null']]);
    expect(rows).toHaveLength(3);
    const back = await db.query<{ id: string; at: Date | null; body: string | null; meta: unknown }>('select * from typed order by id');
    expect(back.rows).toEqual([
      { id: ids[0], at: new Date('2026-01-02T03:04:05.678Z'), body: hostile, meta: { q: '"\\' } },
      { id: ids[1], at: null, body: null, meta: null },
      { id: ids[2], at: new Date('2026-03-04T05:06:07Z'), body: 'NULL', meta: null },
    ]);
  });

  it('inlines a text PostgreSQL cannot prepare, and rejects only the caller whose value has no literal', async () => {
    const results = await Promise.allSettled([send('select $1 as v', ['plain']), send('select $1::int as n', [Number.NaN])]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: [{ v: 'plain' }] });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/finite/) }) });
  });
});
