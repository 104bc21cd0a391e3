import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256 } from './sha256.js';
import { hashToken } from './token-issuer.js';

describe('sha256', () => {
  it('gives the standard digest (FIPS 180-2 "abc" vector) in hex and base64url', () => {
    expect(sha256('abc', 'hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256('abc', 'base64url')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });

  it('hashes tokens exactly as before (stored token hashes stay valid), multi-byte text as UTF-8', () => {
    for (const token of ['sb_a_x', 'sb_s_é😀']) {
      expect(hashToken(token)).toBe(createHash('sha256').update(token, 'utf8').digest('hex'));
    }
  });
});
