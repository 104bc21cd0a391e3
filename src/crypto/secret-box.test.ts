import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, keyIdOf } from './secret-box.js';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');

describe('createSecretBox', () => {
  it('seals and opens a value', () => {
    const box = createSecretBox({ keys: [{ keyBase64: keyA }] });
    const sealed = box.seal('sk-live-123 ünïcode');
    expect(sealed.keyId).toBe(keyIdOf(keyA));
    expect(sealed.sealed).not.toContain('sk-live');
    expect(box.open(sealed)).toBe('sk-live-123 ünïcode');
  });

  it('uses a fresh nonce for every value', () => {
    const box = createSecretBox({ keys: [{ keyBase64: keyA }] });
    expect(box.seal('same').sealed).not.toBe(box.seal('same').sealed);
  });

  it('derives a short key id that tells keys apart and stays stable', () => {
    expect(keyIdOf(keyA)).toMatch(/^[0-9a-f]{8}$/);
    expect(keyIdOf(keyA)).toBe(keyIdOf(keyA));
    expect(keyIdOf(keyA)).not.toBe(keyIdOf(keyB));
  });

  it('seals with the current key and still opens values of older keys', () => {
    const old = createSecretBox({ keys: [{ keyBase64: keyA }] });
    const sealedOld = old.seal('v1');
    const box = createSecretBox({ keys: [{ keyBase64: keyA }, { keyBase64: keyB }], currentKeyId: keyIdOf(keyB) });
    expect(box.seal('v2').keyId).toBe(keyIdOf(keyB));
    expect(box.open(sealedOld)).toBe('v1');
  });

  it('throws on an unknown key id', () => {
    const sealed = createSecretBox({ keys: [{ keyBase64: keyA }] }).seal('x');
    const other = createSecretBox({ keys: [{ keyBase64: keyB }] });
    expect(() => other.open(sealed)).toThrow(/unknown key/);
    expect(() => other.open({ ...sealed, keyId: other.currentKeyId })).toThrow(/failed authentication/);
  });

  it('throws when the ciphertext was tampered with', () => {
    const box = createSecretBox({ keys: [{ keyBase64: keyA }] });
    const sealed = box.seal('secret value');
    const raw = Buffer.from(sealed.sealed, 'base64');
    raw[14]! ^= 1;
    expect(() => box.open({ ...sealed, sealed: raw.toString('base64') })).toThrow(/tampered/);
    expect(() => box.open({ ...sealed, sealed: 'AAAA' })).toThrow(/too short/);
  });

  it('rejects keys that are not 32 bytes and mislabelled key ids', () => {
    expect(() => createSecretBox({ keys: [{ keyBase64: 'c2hvcnQ=' }] })).toThrow(/32 bytes/);
    expect(() => createSecretBox({ keys: [{ keyId: 'deadbeef', keyBase64: keyA }] })).toThrow(/does not match/);
    expect(() => createSecretBox({ keys: [{ keyBase64: keyA }], currentKeyId: 'nope' })).toThrow(/not among/);
  });
});
