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
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A parameter as it goes on the wire: null; a string in PostgreSQL's text input syntax; or a text[] or
 * uuid[] whose elements go in binary format (array_recv copies them; the text form is scanned character by
 * character, and that was half of a stored row's cost on PGlite).
 */
export type BindValue = null | string | BinaryArray;

export interface BinaryArray {
  elementOid: typeof TEXT_OID | typeof UUID_OID;
  items: Array<string | null>;
  /** Bytes of each item on the wire (0 for NULL): UTF-8 for text, 16 for a uuid. */
  lengths: number[];
  hasNull: boolean;
}

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
  return `{${value.map(arrayElement).join(',')}}`;
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
    value.items.forEach((item, i) => {
      if (item === null) {
        out.writeInt32BE(-1, at);
        at += 4;
        return;
      }
      out.writeInt32BE(value.lengths[i]!, at);
      at += 4;
      at = value.elementOid === UUID_OID ? writeUuid(out, at, item) : at + out.write(item, at, 'utf8');
    });
  }
  out.writeInt32BE(at - sizeAt - 4, sizeAt);
  return at;
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
