interface ExecClient {
  exec(sqlText: string): Promise<Array<{ rows: Array<Record<string, unknown>> }>>;
}

interface Queued {
  text: string;
  params: unknown[];
  resolve(rows: Array<Record<string, unknown>>): void;
  reject(error: unknown): void;
}

/** Bound on one round trip's SQL text (a bound on size, not a wait). */
const MAX_ROUND_TRIP_CHARS = 4_000_000;
/** Bound on the statements kept prepared: the run path has a handful of fixed texts; others are inlined. */
const MAX_PREPARED = 64;

/** A value as an SQL literal: strings quoted as pg's escapeLiteral does, arrays as ARRAY[…] (the statement casts them). */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return `ARRAY[${value.map(sqlLiteral).join(',')}]`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return quoteLiteral(value.toISOString());
  if (typeof value === 'string') return quoteLiteral(value);
  throw new Error(`no SQL literal for a ${typeof value}`);
}

/** `$n` of a fixed statement replaced by the literal of its parameter. */
export function inlineParams(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => sqlLiteral(params[Number(n) - 1]));
}

/** One element of an array literal: `"…"` with `"` and `\` escaped, NULL bare. */
function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return NEEDS_ARRAY_ESCAPE.test(value) ? `"${value.replace(ARRAY_ESCAPES, '\\$&')}"` : `"${value}"`;
  if (Array.isArray(value)) throw new Error('nested arrays are not supported');
  return `"${value instanceof Date ? value.toISOString() : scalarText(value)}"`; // numbers, booleans and ISO times need no escape
}
const NEEDS_ARRAY_ESCAPE = /["\\]/;
const ARRAY_ESCAPES = /["\\]/g;

/** A string as a literal, as pg.escapeLiteral writes it, with the engine's string search (the run path's texts are long). */
function quoteLiteral(text: string): string {
  const quoted = text.includes("'") ? text.replaceAll("'", "''") : text;
  return text.includes('\\') ? ` E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}

function scalarText(value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean' || typeof value === 'string') return String(value);
  throw new Error(`no SQL literal for a ${typeof value}`);
}

/**
 * A parameter of `execute name(…)` as an untyped literal, which PostgreSQL converts to the type the prepared
 * statement declared (`$1::uuid[]` makes a uuid[] parameter): arrays as `'{"a","b",NULL}'`, every scalar quoted.
 */
export function executeArgument(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return quoteLiteral(`{${value.map(arrayElement).join(',')}}`);
  return quoteLiteral(value instanceof Date ? value.toISOString() : scalarText(value));
}

/**
 * The run path's statements on PGlite, several per round trip: statements issued in one event-loop turn go
 * out as ONE simple-protocol message (one call into WASM, one implicit transaction, one commit), where each
 * parameterised `query` costs six protocol calls and its own commit. PGlite runs on this thread, so this
 * is CPU, not latency (docs/decisions/0700). Each statement text is PREPAREd the first time it is seen (its
 * own round trip) and then sent as `execute`: PostgreSQL parses and plans it once, not per batch. If a
 * combined message fails (it is all-or-nothing), each statement is retried on its own so that only the
 * failing caller sees the error. (Group commit, src/cache, makes one statement of many calls; this makes one
 * round trip of the statements of a turn; the dependency rule keeps the two apart.)
 */
export function createPgliteStatementQueue(client: ExecClient): (text: string, params: unknown[]) => Promise<Array<Record<string, unknown>>> {
  let queue: Queued[] = [];
  let scheduled = false;
  /** Statement text → its prepared name, or null when it is not prepared (then its literals are inlined). */
  const prepared = new Map<string, string | null>();

  /** PREPAREs a text seen for the first time, in its own round trip (once per text). */
  async function prepare(text: string): Promise<void> {
    if (prepared.size >= MAX_PREPARED) {
      prepared.set(text, null);
      return;
    }
    const name = `sb_run_path_${prepared.size + 1}`;
    try {
      await client.exec(`prepare ${name} as ${text}`);
      prepared.set(text, name);
    } catch {
      prepared.set(text, null); // e.g. a text PostgreSQL cannot prepare: it is inlined, and its own error reaches its caller
    }
  }

  /** The statement to send: `execute` of its prepared form, or the text with its parameters inlined. */
  function statementOf(item: Queued): string {
    const name = prepared.get(item.text) ?? null;
    if (name === null) return inlineParams(item.text, item.params);
    return item.params.length === 0 ? `execute ${name}` : `execute ${name}(${item.params.map(executeArgument).join(', ')})`;
  }

  async function runAlone(item: Queued, sql: string): Promise<void> {
    try {
      const results = await client.exec(sql);
      item.resolve(results[0]?.rows ?? []);
    } catch (error) {
      item.reject(error);
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const pending = queue;
      queue = [];
      for (const item of pending) if (!prepared.has(item.text)) await prepare(item.text);
      const ready: Array<{ item: Queued; sql: string }> = [];
      for (const item of pending) {
        try {
          ready.push({ item, sql: statementOf(item) });
        } catch (error) {
          item.reject(error); // a value that has no literal (NaN, an object): only its caller fails
        }
      }
      while (ready.length > 0) {
        let chars = 0;
        let take = 0;
        while (take < ready.length && (take === 0 || chars + ready[take]!.sql.length <= MAX_ROUND_TRIP_CHARS)) chars += ready[take++]!.sql.length;
        const batch = ready.splice(0, take);
        if (batch.length === 1) {
          await runAlone(batch[0]!.item, batch[0]!.sql);
          continue;
        }
        let results: Array<{ rows: Array<Record<string, unknown>> }>;
        try {
          results = await client.exec(batch.map((entry) => entry.sql).join(';\n'));
        } catch {
          for (const entry of batch) await runAlone(entry.item, entry.sql);
          continue;
        }
        batch.forEach((entry, index) => entry.item.resolve(results[index]?.rows ?? []));
      }
    }
    scheduled = false;
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
