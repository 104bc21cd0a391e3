import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './password-hasher.js';

describe('createPasswordHasher', () => {
  const hasher = createPasswordHasher();

  it('encodes hashes as scrypt$N$r$p$salt$hash with a 16-byte salt', async () => {
    const encoded = await hasher.hash('correct horse');
    const parts = encoded.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', String(2 ** 17), '8', '1']);
    expect(Buffer.from(parts[4]!, 'base64')).toHaveLength(16);
    expect(encoded).not.toContain('correct horse');
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const encoded = await hasher.hash('correct horse');
    expect(await hasher.verify('correct horse', encoded)).toBe(true);
    expect(await hasher.verify('correct horsf', encoded)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same')).not.toBe(await hasher.hash('same'));
  });

  it('rejects malformed or absurd stored hashes instead of throwing', async () => {
    expect(await hasher.verify('x', 'bcrypt$whatever')).toBe(false);
    expect(await hasher.verify('x', 'scrypt$3$8$1$c2FsdA==$aGFzaA==')).toBe(false);
    expect(await hasher.verify('x', `scrypt$${2 ** 30}$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==`)).toBe(false);
  });

  it('verifies hashes made with other parameters', async () => {
    const cheap = createPasswordHasher({ N: 1024, r: 8, p: 1 });
    expect(await hasher.verify('pw', await cheap.hash('pw'))).toBe(true);
  });

  it('asks for a rehash of hashes made below the current cost, and only of those', async () => {
    const old = await createPasswordHasher({ N: 16384, r: 8, p: 1 }).hash('pw');
    expect(hasher.needsRehash(old)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('pw'))).toBe(false);
    expect(hasher.needsRehash('bcrypt$whatever')).toBe(true);
  });
});
