import { describe, expect, it } from 'vitest';
import type { ApiToken, User } from '../domain/index.js';
import type { TokenStore } from '../ports/index.js';
import { cacheActiveTokens } from './cached-token-store.js';

const user = { userId: 'u1', email: 'a@example.com', name: 'A', isAdmin: false, createdAt: new Date(0) } as User;
const token = (expiresAt: Date | null = null): ApiToken =>
  ({ tokenId: 't1', userId: 'u1', name: 'x', prefix: 'sb_', kind: 'api', createdAt: new Date(0), lastUsedAt: null, expiresAt, revokedAt: null }) as ApiToken;

function fakeTokens(initial: ApiToken | null) {
  let current = initial;
  let lookups = 0;
  const store = {
    async findActive() {
      lookups++;
      return current ? { token: current, user } : null;
    },
    async revoke() {
      current = null;
      return true;
    },
    async touch() {},
    async create() {
      throw new Error('unused');
    },
    async listForUser() {
      return [];
    },
  } as unknown as TokenStore;
  return { store, lookups: () => lookups };
}

describe('cacheActiveTokens', () => {
  it('asks the database once for repeated requests with the same token', async () => {
    const fake = fakeTokens(token());
    const tokens = cacheActiveTokens(fake.store);
    for (let i = 0; i < 5; i++) expect(await tokens.findActive('hash', new Date())).not.toBeNull();
    expect(fake.lookups()).toBe(1);
  });

  it('stops accepting a token at once when it is revoked through it', async () => {
    const fake = fakeTokens(token());
    const tokens = cacheActiveTokens(fake.store);
    await tokens.findActive('hash', new Date());
    await tokens.revoke('t1', 'u1', new Date());
    expect(await tokens.findActive('hash', new Date())).toBeNull();
  });

  it('asks again once the time is up, so a revoke elsewhere takes effect within ttlMs', async () => {
    const fake = fakeTokens(token());
    const tokens = cacheActiveTokens(fake.store, { ttlMs: 20 });
    await tokens.findActive('hash', new Date());
    await fake.store.revoke('t1', 'u1', new Date()); // another instance
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await tokens.findActive('hash', new Date())).toBeNull();
  });

  it('does not serve a cached token past its expiry', async () => {
    const fake = fakeTokens(token(new Date(Date.now() + 1_000)));
    const tokens = cacheActiveTokens(fake.store);
    await tokens.findActive('hash', new Date());
    await tokens.findActive('hash', new Date(Date.now() + 2_000));
    expect(fake.lookups()).toBe(2);
  });

  it('does not keep what a lookup racing a revoke read', async () => {
    const fake = fakeTokens(token());
    const tokens = cacheActiveTokens(fake.store);
    const pending = tokens.findActive('hash', new Date()); // reads the row before the revoke lands
    await tokens.revoke('t1', 'u1', new Date());
    await pending;
    expect(await tokens.findActive('hash', new Date())).toBeNull();
  });
});
