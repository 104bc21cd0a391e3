export interface InsertColumn<R> {
  name: string;
  /** PostgreSQL type of the parameter (`uuid`, `text`, `jsonb`, …). */
  type: string;
  value: (row: R) => unknown;
}

export interface Statement {
  text: string;
  params: unknown[];
}

/**
 * One INSERT for any number of rows, built from one column list: several rows travel as arrays
 * (`unnest`: fixed text whatever the count), a single row as plain VALUES, which PGlite plans and runs
 * ~0.25 ms cheaper; that is what a lone run's time to first token pays (docs/decisions/0700).
 */
export function batchInsert<R>(table: string, columns: Array<InsertColumn<R>>): (rows: R[]) => Statement {
  const names = columns.map((column) => column.name).join(', ');
  const arrays = columns.map((column, i) => `$${i + 1}::${column.type}[]`).join(', ');
  const many = `insert into ${table} (${names}) select ${names} from unnest(${arrays}) as v(${names})`;
  const one = `insert into ${table} (${names}) values (${columns.map((column, i) => `$${i + 1}::${column.type}`).join(', ')})`;
  return (rows) =>
    rows.length === 1
      ? { text: one, params: columns.map((column) => column.value(rows[0]!)) }
      : { text: many, params: columns.map((column) => rows.map((row) => column.value(row))) };
}
