import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
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
    for (const text of ["plain", "it's", 'back\\slash', "both \\' mixed ''", '']) expect(sqlLiteral(text)).toBe(pg.escapeLiteral(text));
    expect(() => sqlLiteral(Number.NaN)).toThrow(/finite/);
    expect(() => sqlLiteral({})).toThrow(/no SQL literal/);
  });

  it('replaces every $n of a statement, $10 and beyond included', () => {
    const params = Array.from({ length: 11 }, (_, i) => i + 1);
    expect(inlineParams('select $1, $10, $11', params)).toBe('select 1, 10, 11');
  });
});

describe.each(['internal', 'public'] as const)("createPgliteStatementQueue on PGlite, taking PGlite's locks through its %s methods", (locks) => {
  let db: PGlite;
  /** Protocol round trips: a pipeline starts with Bind ('B'), a first sight of a text with Parse ('P'). */
  const pipelines: Uint8Array[] = [];
  const parses: Uint8Array[] = [];
  const inlined: string[] = [];
  let send: ReturnType<typeof createPgliteStatementQueue>;

  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec('create table notes (id int primary key, body text, meta jsonb)');
    send = createPgliteStatementQueue({
      exec: (text) => {
        inlined.push(text);
        return db.exec(text);
      },
      execProtocolStream: (message, options) => {
        (message[0] === 'P'.charCodeAt(0) ? parses : pipelines).push(message);
        return db.execProtocolStream(message, options);
      },
      transaction: (fn) => db.transaction(fn),
      runExclusive: (fn) => db.runExclusive(fn),
      ...(locks === 'internal' ? { _runExclusiveTransaction: (fn) => db._runExclusiveTransaction(fn), _runExclusiveQuery: (fn) => db._runExclusiveQuery(fn) } : {}),
      syncToFs: () => db.syncToFs(),
      parsers: db.parsers,
    }, { locks });
  });
  afterAll(() => db.close());

  it('sends the statements of one event-loop turn in one round trip, each caller getting its own rows', async () => {
    const insert = 'insert into notes (id, body, meta) select * from unnest($1::int[], $2::text[], $3::jsonb[]) returning id';
    await send(insert, [[100], ['warm'], [null]]); // first sight of the text: parsed in a round trip of its own
    pipelines.length = 0;
    const [a, b, read] = await Promise.all([
      send(insert, [[1, 2], ['one', 'two'], [JSON.stringify({ n: 1 }), null]]),
      send(insert, [[3], ['three'], [null]]),
      send('select count(*)::int as n from notes where id < 100', []),
    ]);
    expect(pipelines).toHaveLength(1); // (the count's text was new: it was parsed in a round trip of its own first)
    expect(a).toEqual([{ id: 1 }, { id: 2 }]);
    expect(b).toEqual([{ id: 3 }]);
    expect(read).toEqual([{ n: 3 }]); // statements run in order, in one transaction
    expect((await db.query('select meta from notes where id = 1')).rows).toEqual([{ meta: { n: 1 } }]);
  });

  it('stores hostile text verbatim: quotes, backslashes, semicolons, comment and dollar markers', async () => {
    const hostile = "x'); drop table notes; -- \\' \\\\ $1 $$ E'\\n' \u00e9\u{1F600}";
    await send('insert into notes (id, body) values ($1, $2)', [10, hostile]);
    await send('insert into notes (id, body) select * from unnest($1::int[], $2::text[])', [[11], [hostile]]);
    const back = await db.query<{ body: string }>('select body from notes where id in (10, 11) order by id');
    expect(back.rows).toEqual([{ body: hostile }, { body: hostile }]);
  });

  it('fails only the caller whose statement fails, even when it travelled with others', async () => {
    const insert = 'insert into notes (id, body) values ($1, $2)';
    await send(insert, [19, 'prepared before']);
    pipelines.length = 0;
    const results = await Promise.allSettled([send(insert, [20, 'fine']), send(insert, [1, 'duplicate key']), send(insert, [21, 'also fine'])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: expect.objectContaining({ code: '23505' }) });
    expect(pipelines).toHaveLength(4); // the combined pipeline, then each statement alone
    expect((await db.query('select id from notes where id in (20, 21) order by id')).rows).toEqual([{ id: 20 }, { id: 21 }]);
  });

  it('parses each statement text once: later turns send only values, in order', async () => {
    const insert = 'insert into notes (id, body) values ($1, $2)';
    const count = 'select count(*)::int as n from notes where id between 30 and 39';
    expect(await send(count, [])).toEqual([{ n: 0 }]);
    const before = parses.length;
    pipelines.length = 0;
    // a text seen for the first time (parsed first) followed by one already parsed: order is kept
    const fresh = 'insert into notes (id, body, meta) select * from unnest($1::int[], $2::text[], $3::jsonb[])';
    const [, , counted] = await Promise.all([send(insert, [30, 'thirty']), send(fresh, [[31, 32], ['a', 'b'], [null, null]]), send(count, [])]);
    expect(counted).toEqual([{ n: 3 }]);
    expect(parses.length - before).toBe(1); // only `fresh` was new
    expect(Buffer.from(parses.at(-1)!).toString('latin1')).toContain(fresh);
    expect(pipelines).toHaveLength(1);
    expect(Buffer.from(pipelines[0]!).toString('latin1')).not.toContain('insert'); // values only
  });

  it('passes arrays of uuids, times, JSON and hostile text with NULLs, and empty arrays, unchanged', async () => {
    await db.exec('create table typed (id uuid primary key, at timestamptz, body text, meta jsonb)');
    const ids = ['0b0b4a6e-8d6e-4c1a-9a43-5d0f2f1e7c11', '1C1C4A6E-8D6E-4C1A-9A43-5D0F2F1E7C22', '2d2d4a6e8d6e4c1a9a435d0f2f1e7c33']; // any form uuid_in reads
    const hostile = 'x\'"); drop table typed; -- \\" {a,b} NULL \u00e9';
    const insert = 'insert into typed select * from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::jsonb[]) returning id';
    const rows = await send(insert, [ids, [new Date('2026-01-02T03:04:05.678Z'), null, '2026-03-04T05:06:07Z'], [hostile, null, 'NULL'], [JSON.stringify({ q: '"\\' }), null, 'null']]);
    expect(rows).toHaveLength(3);
    expect(await send(insert, [[], [], [], []])).toEqual([]);
    const back = await db.query<{ id: string; at: Date | null; body: string | null; meta: unknown }>('select * from typed order by id');
    expect(back.rows).toEqual([
      { id: ids[0], at: new Date('2026-01-02T03:04:05.678Z'), body: hostile, meta: { q: '"\\' } },
      { id: ids[1]!.toLowerCase(), at: null, body: null, meta: null },
      { id: '2d2d4a6e-8d6e-4c1a-9a43-5d0f2f1e7c33', at: new Date('2026-03-04T05:06:07Z'), body: 'NULL', meta: null },
    ]);
  });

  it('stores times sent in binary exactly as PostgreSQL reads the same times as text', async () => {
    await db.exec('create table times (id int primary key, at timestamptz)');
    const insert = 'insert into times select * from unnest($1::int[], $2::timestamptz[])';
    const times = ['2026-11-23T05:06:07.891Z', '1999-12-31T23:59:59.999Z', '2000-01-01T00:00:00.000Z', '1970-01-01T00:00:00.001Z', '2199-06-30T12:00:00.500Z'];
    await send(insert, [[1, 2, 3, 4, 5, 6], [...times.slice(0, 4).map((t) => new Date(t)), times[4], null]]); // binary
    const asText = await db.query<{ same: boolean }>(
      `select bool_and(t.at is not distinct from v.at) as same from times t join unnest(array[1,2,3,4,5,6], array[${times.map((t) => `'${t}'`).join(',')},null]::timestamptz[]) as v(id, at) using (id)`,
    );
    expect(asText.rows).toEqual([{ same: true }]);
    const back = await db.query<{ at: Date | null }>('select at from times order by id');
    expect(back.rows.map((r) => r.at?.toISOString() ?? null)).toEqual([...times, null]);
  });

  it('refuses a value PostgreSQL refuses, for its caller only: a bad uuid, a NUL character', async () => {
    const insert = 'insert into notes (id, body) select * from unnest($1::int[], $2::text[])';
    const byId = 'select count(*)::int as n from typed where id = any($1::uuid[])';
    const results = await Promise.allSettled([send(insert, [[40], ['before']]), send(byId, [['not-a-uuid']]), send(insert, [[41], ['nul \u0000 inside']]), send(insert, [[42], ['after']])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: expect.objectContaining({ code: '22P02' }) });
    expect(results[2]).toMatchObject({ reason: expect.objectContaining({ code: '22021' }) });
    expect((await db.query('select id from notes where id between 40 and 42 order by id')).rows).toEqual([{ id: 40 }, { id: 42 }]);
  });

  it('inlines a text PostgreSQL cannot parse without its values, in its place, and rejects only the caller whose value has no input form', async () => {
    const insert = 'insert into notes (id, body) values ($1, $2)';
    const count = 'select count(*)::int as n from notes where id between 50 and 59';
    await send(count, []);
    inlined.length = 0;
    const results = await Promise.allSettled([send(insert, [50, 'first']), send('select $1 + $2 as s', [1, 2]), send(count, []), send('select $1::int as n', [Number.NaN])]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: [] });
    expect(results[1]).toEqual({ status: 'fulfilled', value: [{ s: 3 }] }); // unknown + unknown: no type without the values
    expect(results[2]).toEqual({ status: 'fulfilled', value: [{ n: 1 }] });
    expect(results[3]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/finite/) }) });
    expect(inlined).toEqual(['select 1 + 2 as s']);
  });
});
