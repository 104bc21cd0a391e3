import { describe, expect, it } from 'vitest';
import { createBloomFilter } from './bloom-filter.js';

describe('createBloomFilter', () => {
  it('never forgets a string it was given', () => {
    const filter = createBloomFilter({ bits: 2 ** 16, hashes: 7 });
    const added = Array.from({ length: 5_000 }, (_, i) => `agent\u0000user\u0000thread-${i}-${'é'.repeat(i % 5)}`);
    for (const value of added) filter.add(value);
    expect(added.every((value) => filter.has(value))).toBe(true);
  });

  it('says no to strings it was not given, but for about 1% at its capacity', () => {
    const filter = createBloomFilter({ bits: 2 ** 16, hashes: 7 }); // capacity ~6,800 at 1%
    for (let i = 0; i < 6_800; i++) filter.add(`in-${i}`);
    let wrong = 0;
    for (let i = 0; i < 20_000; i++) if (filter.has(`out-${i}`)) wrong++;
    expect(wrong / 20_000).toBeLessThan(0.03);
    expect(createBloomFilter({ bits: 100, hashes: 3 }).has('anything')).toBe(false);
  });
});
