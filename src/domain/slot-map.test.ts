import { describe, expect, it } from 'vitest';
import { SlotList, SlotMap } from './slot-map.js';

describe('SlotList', () => {
  it('stores values in slots that are reused once freed, and counts what it holds', () => {
    const list = new SlotList<string>();
    const a = list.add('a');
    const b = list.add('b');
    expect(list.size).toBe(2);
    list.remove(a);
    expect(list.at(a)).toBeUndefined();
    expect(list.size).toBe(1);
    const c = list.add('c');
    expect(c).toBe(a); // the freed slot, not a new one
    expect(list.values().sort()).toEqual(['b', 'c']);
    expect(list.at(b)).toBe('b');
  });

  it('ignores removing a slot twice or one it never gave out', () => {
    const list = new SlotList<number>();
    const slot = list.add(0); // a falsy value is still a value
    list.remove(slot);
    list.remove(slot);
    list.remove(-1);
    list.remove(42);
    expect(list.size).toBe(0);
    expect(list.add(1)).toBe(slot);
    expect(list.add(2)).toBe(1); // the free list held the slot once, not twice
  });

  it('lets a visitor remove entries during the walk', () => {
    const list = new SlotList<string>();
    const slots = ['a', 'b', 'c'].map((v) => list.add(v));
    const seen: string[] = [];
    list.forEach((value) => {
      seen.push(value);
      list.remove(slots[1]!);
    });
    expect(seen).toEqual(['a', 'c']);
    expect(list.values()).toEqual(['a', 'c']);
  });

  it('leaves a slot alone when it holds something other than the value expected', () => {
    const list = new SlotList<string>();
    const slot = list.add('a');
    list.remove(slot, 'a');
    expect(list.add('b')).toBe(slot);
    list.remove(slot, 'a'); // stale: 'a' left this slot before 'b' took it
    expect(list.at(slot)).toBe('b');
  });

  it('refuses to replace an empty slot', () => {
    const list = new SlotList<string>();
    expect(() => list.replace(0, 'x')).toThrow(RangeError);
  });
});

describe('SlotMap', () => {
  it('behaves as a Map for get, has, set, delete, size, keys and values', () => {
    const map = new SlotMap<string, { n: number }>();
    map.set('x', { n: 1 }).set('y', { n: 2 });
    expect(map.size).toBe(2);
    expect(map.get('x')).toEqual({ n: 1 });
    expect(map.has('y')).toBe(true);
    map.set('x', { n: 3 }); // replaces in place
    expect(map.get('x')).toEqual({ n: 3 });
    expect(map.size).toBe(2);
    expect(map.delete('x')).toBe(true);
    expect(map.delete('x')).toBe(false);
    expect(map.get('x')).toBeUndefined();
    expect(map.has('x')).toBe(false);
    expect(map.keys()).toEqual(['y']);
    expect(map.values()).toEqual([{ n: 2 }]);
    map.set('z', { n: 4 });
    const visited: string[] = [];
    map.forEach((value, key) => visited.push(`${key}=${value.n}`));
    expect(visited).toEqual(['y=2', 'z=4']);
    map.clear();
    expect(map.size).toBe(0);
    expect(map.values()).toEqual([]);
  });

  it('keeps values apart when slots are reused under churn', () => {
    const map = new SlotMap<string, string>();
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 10; i++) map.set(`k${round}-${i}`, `v${round}-${i}`);
      for (let i = 0; i < 10; i += 2) map.delete(`k${round}-${i}`);
    }
    expect(map.size).toBe(250);
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 10; i++) expect(map.get(`k${round}-${i}`)).toBe(i % 2 ? `v${round}-${i}` : undefined);
    }
  });
});
