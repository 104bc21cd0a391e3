/**
 * The frontend messages of an extended-protocol pipeline (PostgreSQL protocol 3.0, "Message Formats"):
 * Bind, Describe (portal), Execute for each call of a prepared statement, then one Sync, written straight
 * into one buffer: sizes first, then one allocation, strings encoded in place. The run path sends every
 * answer through here, so no value is copied twice (pglite-statement-queue.ts).
 */

const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
const UUID_OID = 2950;
const UUID_ARRAY_OID = 2951;
const TIMESTAMPTZ_OID = 1184;
const TIMESTAMPTZ_ARRAY_OID = 1185;
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What Date#toISOString writes (a UTC time to the millisecond): the only time strings sent in binary. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** PostgreSQL's epoch for timestamps, 2000-01-01T00:00:00Z, in Unix milliseconds. */
const POSTGRES_EPOCH_MS = 946_684_800_000;

/**
 * A parameter as it goes on the wire: null; a string in PostgreSQL's text input syntax; or a text[], uuid[]
 * or timestamptz[] whose elements go in binary format (array_recv copies them; the text form is scanned
 * character by character, and that was half of a stored row's cost on PGlite; a time in text is also
 * parsed as a date, ~8 µs a row).
 */
export type BindValue = null | string | BinaryArray;

export type BinaryArray =
  | { elementOid: typeof TEXT_OID | typeof UUID_OID; items: Array<string | null>; lengths: number[]; hasNull: boolean }
  /** items: microseconds since 2000-01-01T00:00:00Z (PostgreSQL's int64 timestamp). */
  | { elementOid: typeof TIMESTAMPTZ_OID; items: Array<number | null>; lengths: number[]; hasNull: boolean };
// lengths: bytes of each item on the wire (0 for NULL): UTF-8 for text, 16 for a uuid, 8 for a time

/** A call ready to write: its prepared statement, its parameters, whether its rows are wanted. */
export interface Portal {
  statement: string;
  values: BindValue[];
  describe: boolean;
}

/** One element of an array literal: `"…"` with `"` and `\` escaped, NULL bare. */
function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return NEEDS_ARRAY_ESCAPE.test(value) ? `"${value.replace(ARRAY_ESCAPES, '\\$&')}"` : `"${value}"`;
  if (Array.isArray(value)) throw new Error('nested arrays are not supported');
  return `"${textOf(value)}"`; // numbers, booleans and ISO times need no escape
}
const NEEDS_ARRAY_ESCAPE = /["\\]/;
const ARRAY_ESCAPES = /["\\]/g;

/** A scalar in PostgreSQL's text input syntax: times as ISO 8601. Throws for a value with no input form. */
export function textOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean' || typeof value === 'string') return String(value);
  throw new Error(`no SQL literal for a ${typeof value}`);
}

/**
 * `value` for a parameter of type `typeId`: text and uuid arrays in binary, the rest in text input syntax. A
 * uuid array with an element not in canonical form goes as text, so PostgreSQL judges it as it always does.
 * Throws for a value with no input form.
 */
export function bindValueOf(value: unknown, typeId: number): BindValue {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) return textOf(value);
  if (typeId === TEXT_ARRAY_OID) {
    const items = value.map((item: unknown) => {
      if (item === null || item === undefined) return null;
      if (Array.isArray(item)) throw new Error('nested arrays are not supported');
      return textOf(item);
    });
    return { elementOid: TEXT_OID, items, lengths: items.map((item) => (item === null ? 0 : Buffer.byteLength(item))), hasNull: items.includes(null) };
  }
  if (typeId === UUID_ARRAY_OID && value.every((item) => item === null || item === undefined || (typeof item === 'string' && CANONICAL_UUID.test(item)))) {
    const items = value.map((item: string | null | undefined) => item ?? null);
    return { elementOid: UUID_OID, items, lengths: items.map((item) => (item === null ? 0 : 16)), hasNull: items.includes(null) };
  }
  if (typeId === TIMESTAMPTZ_ARRAY_OID) {
    const items = value.map(microsSincePostgresEpoch);
    if (!items.includes(undefined)) {
      const times = items as Array<number | null>;
      return { elementOid: TIMESTAMPTZ_OID, items: times, lengths: times.map((item) => (item === null ? 0 : 8)), hasNull: times.includes(null) };
    }
  }
  return `{${value.map(arrayElement).join(',')}}`;
}

/**
 * A time element as PostgreSQL stores it, or undefined when it is not a valid Date nor an ISO string in
 * UTC to the millisecond (then the whole array goes as text and PostgreSQL reads or refuses it as ever).
 */
function microsSincePostgresEpoch(item: unknown): number | null | undefined {
  if (item === null || item === undefined) return null;
  const ms = item instanceof Date ? item.getTime() : typeof item === 'string' && ISO_UTC.test(item) ? Date.parse(item) : Number.NaN;
  const micros = (ms - POSTGRES_EPOCH_MS) * 1000;
  return Number.isSafeInteger(micros) ? micros : undefined; // NaN, or beyond ±285 years of 2000: as text
}

function valueSize(value: BindValue): number {
  if (value === null) return 0;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (value.items.length === 0) return 12; // no dimensions
  let size = 20;
  for (const length of value.lengths) size += 4 + length;
  return size;
}

/** Bytes of one call: Bind, Describe (when rows are wanted), Execute. */
export function portalSize(portal: Portal): number {
  let bind = 4 + 1 + Buffer.byteLength(portal.statement) + 1 + 2 + 2 * portal.values.length + 2 + 2;
  for (const value of portal.values) bind += 4 + valueSize(value);
  return 1 + bind + (portal.describe ? 7 : 0) + 10;
}

/** The pipeline of `portals` and a Sync, in one buffer. */
export function pipelineBytes(portals: Portal[]): Buffer {
  let size = 5;
  for (const portal of portals) size += portalSize(portal);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const portal of portals) at = writePortal(out, at, portal);
  out[at] = 0x53; // Sync
  out.writeInt32BE(4, at + 1);
  if (at + 5 !== size) throw new Error(`pipeline size mismatch: ${at + 5} of ${size}`);
  return out;
}

function writePortal(out: Buffer, start: number, portal: Portal): number {
  const { values } = portal;
  let at = start;
  out[at++] = 0x42; // Bind
  const lengthAt = at;
  at += 4;
  out[at++] = 0; // unnamed portal
  at += out.write(portal.statement, at, 'utf8');
  out[at++] = 0;
  out.writeInt16BE(values.length, at);
  at += 2;
  for (const value of values) {
    out.writeInt16BE(value !== null && typeof value === 'object' ? 1 : 0, at); // binary for text and uuid arrays
    at += 2;
  }
  out.writeInt16BE(values.length, at);
  at += 2;
  for (const value of values) at = writeValue(out, at, value);
  out.writeInt16BE(0, at); // every result column in text format
  at += 2;
  out.writeInt32BE(at - lengthAt, lengthAt);
  if (portal.describe) {
    out[at++] = 0x44; // Describe
    out.writeInt32BE(6, at);
    out[at + 4] = 0x50; // 'P'ortal
    out[at + 5] = 0; // unnamed
    at += 6;
  }
  out[at++] = 0x45; // Execute
  out.writeInt32BE(9, at);
  out[at + 4] = 0; // unnamed portal
  out.writeInt32BE(0, at + 5); // no row limit
  return at + 9;
}

function writeValue(out: Buffer, start: number, value: BindValue): number {
  let at = start;
  if (value === null) {
    out.writeInt32BE(-1, at);
    return at + 4;
  }
  const sizeAt = at;
  at += 4;
  if (typeof value === 'string') {
    at += out.write(value, at, 'utf8');
  } else if (value.items.length === 0) {
    out.writeInt32BE(0, at);
    out.writeInt32BE(0, at + 4);
    out.writeInt32BE(value.elementOid, at + 8);
    at += 12;
  } else {
    out.writeInt32BE(1, at); // one dimension
    out.writeInt32BE(value.hasNull ? 1 : 0, at + 4);
    out.writeInt32BE(value.elementOid, at + 8);
    out.writeInt32BE(value.items.length, at + 12);
    out.writeInt32BE(1, at + 16); // lower bound
    at += 20;
    for (let i = 0; i < value.items.length; i++) {
      const item = value.items[i]!;
      if (item === null) {
        out.writeInt32BE(-1, at);
        at += 4;
        continue;
      }
      out.writeInt32BE(value.lengths[i]!, at);
      at += 4;
      if (typeof item === 'number') at = writeInt64(out, at, item);
      else at = value.elementOid === UUID_OID ? writeUuid(out, at, item) : at + out.write(item, at, 'utf8');
    }
  }
  out.writeInt32BE(at - sizeAt - 4, sizeAt);
  return at;
}

/** A whole number of magnitude below 2^53 as a big-endian int64 (two's complement, negatives included). */
function writeInt64(out: Buffer, at: number, value: number): number {
  const high = Math.floor(value / 4_294_967_296);
  out.writeInt32BE(high, at);
  out.writeUInt32BE(value - high * 4_294_967_296, at + 4);
  return at + 8;
}

/** A canonical uuid's 32 hex digits as its 16 bytes. */
function writeUuid(out: Buffer, start: number, uuid: string): number {
  let at = start;
  for (let i = 0; i < 36; i += 2) {
    if (i === 8 || i === 13 || i === 18 || i === 23) i++; // the dashes
    out[at++] = (hexDigit(uuid.charCodeAt(i)) << 4) | hexDigit(uuid.charCodeAt(i + 1));
  }
  return at;
}

function hexDigit(code: number): number {
  if (code <= 57) return code - 48; // 0-9
  return (code | 0x20) - 87; // a-f, A-F
}
