import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from './ids.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedUuid', () => {
  it('is a version 7 UUID whose first 48 bits are the time in milliseconds', () => {
    const at = Date.UTC(2026, 10, 23, 7, 50, 0, 123);
    const id = timeOrderedUuid(at);
    expect(id).toMatch(V7);
    expect(Number.parseInt(id.replace('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts by time across milliseconds (as text, as PostgreSQL sorts uuids) and is random within one', () => {
    const ids = Array.from({ length: 200 }, (_, i) => timeOrderedUuid(1_700_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    const sameMs = new Set(Array.from({ length: 1_000 }, () => timeOrderedUuid(1_700_000_000_000)));
    expect(sameMs.size).toBe(1_000);
  });

  it('fills the 48-bit time field from 1970 to its last millisecond (year 10889)', () => {
    expect(timeOrderedUuid(0)).toMatch(/^00000000-0000-7/);
    expect(timeOrderedUuid(2 ** 48 - 1)).toMatch(/^ffffffff-ffff-7/);
  });
});
