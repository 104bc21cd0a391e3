import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../ports/index.js';

const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** OWASP's scrypt cost (N=2^17, r=8, p=1): 128 MiB and ~0.3 s per hash; maxmem below makes room for it. */
const DEFAULT_PARAMS = { N: 2 ** 17, r: 8, p: 1 };
/** Upper bounds for parameters read back from a stored hash, so a bad row cannot exhaust memory. */
const MAX_N = 1 << 20;
const MAX_RP = 16;

function derive(password: string, salt: Buffer, keyLength: number, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const maxmem = 256 * params.N! * params.r! + 1024 * 1024;
    scrypt(password.normalize('NFC'), salt, keyLength, { ...params, maxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** scrypt password hashes encoded as `scrypt$N$r$p$<salt base64>$<hash base64>`. */
export function createPasswordHasher(params: { N: number; r: number; p: number } = DEFAULT_PARAMS): PasswordHasher {
  return {
    needsRehash(encoded: string): boolean {
      const parts = encoded.split('$');
      if (parts.length !== 6 || parts[0] !== 'scrypt') return true;
      const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
      return N < params.N || r < params.r || p < params.p;
    },
    async hash(password: string): Promise<string> {
      const salt = randomBytes(SALT_BYTES);
      const key = await derive(password, salt, HASH_BYTES, params);
      return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
    },
    async verify(password: string, encoded: string): Promise<boolean> {
      const parts = encoded.split('$');
      if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
      const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
      const valid = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
      if (!valid(N, MAX_N) || (N & (N - 1)) !== 0 || !valid(r, MAX_RP) || !valid(p, MAX_RP)) return false;
      const salt = Buffer.from(parts[4]!, 'base64');
      const expected = Buffer.from(parts[5]!, 'base64');
      if (salt.length === 0 || expected.length < 16) return false;
      const actual = await derive(password, salt, expected.length, { N, r, p });
      return timingSafeEqual(actual, expected);
    },
  };
}
