import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenIssuer } from './token-issuer.js';

describe('createTokenIssuer', () => {
  const issuer = createTokenIssuer();

  it('issues api tokens as sb_a_ plus 32 random bytes in base64url', () => {
    const { token } = issuer.issue('api');
    expect(token).toMatch(/^sb_a_[A-Za-z0-9_-]{43}$/);
    expect(issuer.issue('session').token).toMatch(/^sb_s_/);
    expect(issuer.issue('api').token).not.toBe(token);
  });

  it('shows the first 12 characters as prefix and stores the sha256 hex', () => {
    const { token, prefix, tokenHash } = issuer.issue('api');
    expect(prefix).toBe(token.slice(0, 12));
    expect(tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(issuer.hash(token)).toBe(tokenHash);
  });
});
