import { parse, protocol, type PGlite } from '@electric-sql/pglite';
import { bindValueOf, pipelineBytes, portalSize, textOf, type Portal } from './pglite-wire.js';

type Rows = Array<Record<string, unknown>>;

/** What the queue uses of PGlite: the wire protocol, its locks and its result parsers; `exec` for inlined texts. */
export type PgliteProtocolClient = Pick<PGlite, 'exec' | 'execProtocolStream' | 'transaction' | 'runExclusive' | 'syncToFs' | 'parsers'> &
  Partial<Pick<PGlite, (typeof PGLITE_INTERNAL_METHODS)[number]>>;

/**
 * PGlite's two underscore-prefixed lock methods the 'internal' path calls (package.json pins PGlite to an exact
 * version; src/storage/pglite-internals.test.ts fails when an upgrade drops one).
 */
export const PGLITE_INTERNAL_METHODS = ['_runExclusiveTransaction', '_runExclusiveQuery'] as const;

/**
 * How a round trip takes PGlite's locks (docs/decisions/0701):
 * - 'internal': its two lock methods, around one pipeline that is its own implicit transaction (one call into WASM);
 * - 'public': `transaction()` (BEGIN, the pipeline, COMMIT: three calls) with `runExclusive()` around the pipeline.
 * Both keep every other caller (drizzle's queries and transactions) out while a pipeline runs.
 */
export type PgliteLocks = 'internal' | 'public';

/** Whether this PGlite still has the internal lock methods ('internal' is then the default). */
export function hasPgliteInternals(client: Partial<Record<(typeof PGLITE_INTERNAL_METHODS)[number], unknown>>): boolean {
  return PGLITE_INTERNAL_METHODS.every((name) => typeof client[name] === 'function');
}

interface Queued {
  text: string;
  params: unknown[];
  resolve(rows: Rows): void;
  reject(error: unknown): void;
}

/** A statement text PostgreSQL has parsed once: its name and the types of its parameters. */
interface Prepared {
  name: string;
  paramTypes: number[];
  /** Whether it returns rows (then each call also asks for the row description, to parse them as `exec` does). */
  returnsRows: boolean;
}

/** Bound on one round trip's protocol bytes (a bound on size, not a wait). */
const MAX_ROUND_TRIP_BYTES = 4_000_000;
/** Bound on the statements kept prepared: the run path has a handful of fixed texts; others are inlined. */
const MAX_PREPARED = 64;

/** A value as an SQL literal: strings quoted as pg's escapeLiteral does, arrays as ARRAY[…] (the statement casts them). */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return `ARRAY[${value.map(sqlLiteral).join(',')}]`;
  return typeof value === 'string' || value instanceof Date ? quoteLiteral(textOf(value)) : textOf(value); // numbers and booleans bare
}

/** `$n` of a fixed statement replaced by the literal of its parameter. */
export function inlineParams(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => sqlLiteral(params[Number(n) - 1]));
}

/** A string as a literal, as pg.escapeLiteral writes it, with the engine's string search (the run path's texts are long). */
function quoteLiteral(text: string): string {
  const quoted = text.includes("'") ? text.replaceAll("'", "''") : text;
  return text.includes('\\') ? ` E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}

/**
 * The run path's statements on PGlite, several per round trip: the statements issued in one event-loop turn
 * go out as ONE extended-protocol pipeline (Bind, Describe, Execute for each, one Sync): one call into WASM,
 * one implicit transaction, one commit. PGlite runs on this thread, so this is CPU, not latency
 * (docs/decisions/0700). Each statement text is parsed by PostgreSQL once (a named statement, its own round
 * trip, which also tells the parameter types); after that a call sends only its values, which PostgreSQL
 * copies instead of scanning: an answer inlined as a literal was read three times (lexer, array parser,
 * input function), half of a stored row's cost. If a pipeline fails (it is all-or-nothing), each statement is
 * retried on its own so that only the failing caller sees the error. A text PostgreSQL cannot parse without
 * its values is sent with its literals inlined. (Group commit, src/cache, makes one statement of many calls;
 * this makes one round trip of the statements of a turn; the dependency rule keeps the two apart.)
 */
export function createPgliteStatementQueue(
  client: PgliteProtocolClient,
  options: { locks?: PgliteLocks } = {},
): (text: string, params: unknown[]) => Promise<Rows> {
  const { serialize } = protocol;
  const locks = options.locks ?? (hasPgliteInternals(client) ? 'internal' : 'public');
  if (locks === 'internal' && !hasPgliteInternals(client)) throw new Error(`this PGlite has no ${PGLITE_INTERNAL_METHODS.join('/')}: use locks: 'public'`);
  let queue: Queued[] = [];
  let scheduled = false;
  /** Statement text → its prepared form, or null when it is not prepared (then its literals are inlined). */
  const prepared = new Map<string, Prepared | null>();

  /** One call into PGlite under its own locks, as `exec` takes them: no transaction of another caller is open. */
  function roundTrip(message: Uint8Array): Promise<Awaited<ReturnType<PgliteProtocolClient['execProtocolStream']>>> {
    if (locks === 'public') return publicRoundTrip(message);
    return client._runExclusiveTransaction!(() =>
      client._runExclusiveQuery!(async () => {
        const messages = await client.execProtocolStream(message, { syncToFs: false });
        await client.syncToFs();
        return messages;
      }),
    );
  }

  /** The same through public methods only: a failed pipeline throws, and `transaction` rolls it back. */
  async function publicRoundTrip(message: Uint8Array): Promise<Awaited<ReturnType<PgliteProtocolClient['execProtocolStream']>>> {
    const messages = await client.transaction(() => client.runExclusive(() => client.execProtocolStream(message, { syncToFs: false })));
    await client.syncToFs(); // PGlite's COMMIT inside `transaction` does not sync; `exec` outside one does
    return messages;
  }

  /** Parses a text seen for the first time into a named statement, in its own round trip (once per text). */
  async function prepare(text: string): Promise<void> {
    if (prepared.size >= MAX_PREPARED) {
      prepared.set(text, null);
      return;
    }
    const name = `sb_run_path_${prepared.size + 1}`;
    try {
      const messages = await roundTrip(Buffer.concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]));
      const description = messages.find((m) => m.name === 'parameterDescription') as { dataTypeIDs?: number[] } | undefined;
      prepared.set(text, { name, paramTypes: description?.dataTypeIDs ?? [], returnsRows: messages.some((m) => m.name === 'rowDescription') });
    } catch {
      prepared.set(text, null); // e.g. a parameter whose type PostgreSQL cannot tell: inlined, and its own error reaches its caller
    }
  }

  function portalOf(item: Queued, statement: Prepared): Portal {
    const values = item.params.map((value, i) => bindValueOf(value, statement.paramTypes[i] ?? 0));
    return { statement: statement.name, values, describe: statement.returnsRows };
  }

  async function runPipeline(portals: Portal[]): Promise<Rows[]> {
    const messages = await roundTrip(pipelineBytes(portals));
    return parse.parseResults(messages, client.parsers).map((result) => result.rows as Rows);
  }

  async function runAlone(item: Queued, portal: Portal | null): Promise<void> {
    try {
      if (portal === null) {
        const results = await client.exec(inlineParams(item.text, item.params));
        item.resolve(results[0]?.rows ?? []);
      } else {
        item.resolve((await runPipeline([portal]))[0] ?? []);
      }
    } catch (error) {
      item.reject(error);
    }
  }

  /** Runs the calls of one turn in their order: a pipeline for prepared texts, an inlined text on its own. */
  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const pending = queue;
      queue = [];
      for (const item of pending) if (!prepared.has(item.text)) await prepare(item.text);
      let segment: Array<{ item: Queued; portal: Portal }> = [];
      let bytes = 0;
      for (const item of pending) {
        const statement = prepared.get(item.text) ?? null;
        if (statement === null) {
          await flush(segment);
          segment = [];
          bytes = 0;
          await runAlone(item, null);
          continue;
        }
        let portal: Portal;
        let size: number;
        try {
          portal = portalOf(item, statement);
          size = portalSize(portal);
        } catch (error) {
          item.reject(error); // a value that has no input form (NaN, an object): only its caller fails
          continue;
        }
        if (segment.length > 0 && bytes + size > MAX_ROUND_TRIP_BYTES) {
          await flush(segment);
          segment = [];
          bytes = 0;
        }
        segment.push({ item, portal });
        bytes += size;
      }
      await flush(segment);
    }
    scheduled = false;
  }

  /** One pipeline; when it fails (all or nothing), each call again on its own so only the failing one sees it. */
  async function flush(segment: Array<{ item: Queued; portal: Portal }>): Promise<void> {
    if (segment.length === 0) return;
    if (segment.length === 1) return runAlone(segment[0]!.item, segment[0]!.portal);
    let results: Rows[];
    try {
      results = await runPipeline(segment.map((entry) => entry.portal));
    } catch {
      for (const entry of segment) await runAlone(entry.item, entry.portal);
      return;
    }
    segment.forEach((entry, index) => entry.item.resolve(results[index] ?? []));
  }

  return (text, params) =>
    new Promise((resolve, reject) => {
      queue.push({ text, params, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => void drain()); // the statements of this event-loop turn travel together
      }
    });
}
