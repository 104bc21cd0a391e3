/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then the version, then 74 random bits
 * (from `crypto.randomUUID`, whose version nibble is replaced). Ids of rows written all day long (runs, messages)
 * are made this way so that each new primary-key entry lands at the right-hand end of its B-tree instead of on
 * a random page: the pages written stay few and in memory, however large the table grows (docs/decisions/0700).
 * Not monotonic within one millisecond; ids made in the same millisecond sort randomly among themselves.
 */
export function timeOrderedUuid(nowMs: number = Date.now()): string {
  const random = globalThis.crypto.randomUUID(); // xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx, N the variant
  const time = Math.floor(nowMs).toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
