/**
 * A Bloom filter of strings: `has` may answer true for a string never added (rarely: ~1% at `capacity`
 * entries, more beyond, so it degrades instead of failing), never false for one that was.
 */
export interface BloomFilter {
  add(value: string): void;
  has(value: string): boolean;
}

/** `bits` is rounded up to a power of two; 2^24 bits (2 MB) hold ~1.7 million strings at 1%. */
export function createBloomFilter(options: { bits: number; hashes: number }): BloomFilter {
  const size = 2 ** Math.ceil(Math.log2(Math.max(64, options.bits)));
  const mask = size - 1;
  const words = new Uint32Array(size / 32);
  const hashes = options.hashes;

  /** Calls `visit` with each bit of `value` (double hashing of two FNV-1a variants over UTF-16 units). */
  function positions(value: string, visit: (bit: number) => boolean): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    h2 |= 1; // odd: every step reaches a different bit
    for (let i = 0; i < hashes; i++) {
      if (!visit((h1 + Math.imul(i, h2)) & mask)) return false;
    }
    return true;
  }

  return {
    add(value) {
      positions(value, (bit) => {
        words[bit >>> 5]! |= 1 << (bit & 31);
        return true;
      });
    },
    has(value) {
      return positions(value, (bit) => (words[bit >>> 5]! & (1 << (bit & 31))) !== 0);
    },
  };
}
