import pg from 'pg';

interface ExecClient {
  exec(sqlText: string): Promise<Array<{ rows: Array<Record<string, unknown>> }>>;
}

interface Queued {
  sql: string;
  resolve(rows: Array<Record<string, unknown>>): void;
  reject(error: unknown): void;
}

/** Bound on one round trip's SQL text (a bound on size, not a wait). */
const MAX_ROUND_TRIP_CHARS = 4_000_000;

/** A value as an SQL literal: strings through pg's escapeLiteral, arrays as ARRAY[…] (the statement casts them). */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return `ARRAY[${value.map(sqlLiteral).join(',')}]`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (typeof value === 'string') return pg.escapeLiteral(value);
  throw new Error(`no SQL literal for a ${typeof value}`);
}

/** `$n` of a fixed statement replaced by the literal of its parameter. */
export function inlineParams(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => sqlLiteral(params[Number(n) - 1]));
}

/**
 * The run path's statements on PGlite, several per round trip: statements issued in one event-loop turn go
 * out as ONE simple-protocol message (one call into WASM, one implicit transaction, one commit), where each
 * parameterised `query` costs six protocol calls and its own commit. PGlite runs on this thread, so this
 * is CPU, not latency (docs/decisions/0700). If a combined message fails (it is all-or-nothing), each
 * statement is retried on its own so that only the failing caller sees the error.
 */
export function createPgliteStatementQueue(client: ExecClient): (text: string, params: unknown[]) => Promise<Array<Record<string, unknown>>> {
  let queue: Queued[] = [];
  let scheduled = false;

  async function runAlone(item: Queued): Promise<void> {
    try {
      const results = await client.exec(item.sql);
      item.resolve(results[0]?.rows ?? []);
    } catch (error) {
      item.reject(error);
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      let chars = 0;
      let take = 0;
      while (take < queue.length && (take === 0 || chars + queue[take]!.sql.length <= MAX_ROUND_TRIP_CHARS)) chars += queue[take++]!.sql.length;
      const batch = queue.slice(0, take);
      queue = queue.slice(take);
      if (batch.length === 1) {
        await runAlone(batch[0]!);
        continue;
      }
      let results: Array<{ rows: Array<Record<string, unknown>> }>;
      try {
        results = await client.exec(batch.map((item) => item.sql).join(';\n'));
      } catch {
        for (const item of batch) await runAlone(item);
        continue;
      }
      batch.forEach((item, index) => item.resolve(results[index]?.rows ?? []));
    }
    scheduled = false;
  }

  return (text, params) =>
    new Promise((resolve, reject) => {
      queue.push({ sql: inlineParams(text, params), resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => void drain()); // the statements of this event-loop turn travel together
      }
    });
}
