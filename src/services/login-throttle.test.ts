import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { RateLimitedError } from '../domain/index.js';
import { serviceAvailable, testRedisUrl } from '../../test/support/requirements.js';
import { createMemoryLoginAttemptStore } from './login-attempt-memory-store.js';
import { createRedisLoginAttemptStore } from './login-attempt-redis-store.js';
import type { LoginAttemptStore } from './login-attempt-store.js';
import { createLoginThrottle } from './login-throttle.js';

const redisUrl = serviceAvailable('Redis', Boolean(testRedisUrl), 'set TEST_REDIS_URL=redis://127.0.0.1:6379') ? testRedisUrl : undefined;

function fakeClock() {
  let t = Date.parse('2026-01-01T00:00:00Z');
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

describe('createLoginThrottle (memory store)', () => {
  it('admits the free attempts, then locks the account with a growing Retry-After', async () => {
    const clock = fakeClock();
    const throttle = createLoginThrottle({ store: createMemoryLoginAttemptStore(clock), failuresAllowed: 3, windowSeconds: 60 });
    for (let i = 0; i < 4; i++) await throttle.admit('a@example.com', `10.0.0.${i}`);
    await expect(throttle.admit('a@example.com', '10.0.1.1')).rejects.toMatchObject({ retryAfterSeconds: 1 });
    clock.advance(1000);
    await throttle.admit('A@Example.com ', '10.0.1.2'); // same account whatever the spelling
    await expect(throttle.admit('a@example.com', '10.0.1.3')).rejects.toMatchObject({ retryAfterSeconds: 2 });
    await throttle.admit('b@example.com', '10.0.1.3'); // other accounts are not affected
  });

  it('never locks longer than the window, and forgets the count a window after the last attempt', async () => {
    const clock = fakeClock();
    const throttle = createLoginThrottle({ store: createMemoryLoginAttemptStore(clock), failuresAllowed: 1, windowSeconds: 5 });
    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      const error = await throttle.admit('c@example.com', undefined).then(() => undefined, (e: unknown) => e);
      if (error instanceof RateLimitedError) {
        waits.push(error.retryAfterSeconds);
        clock.advance(error.retryAfterSeconds * 1000);
      }
    }
    expect(waits.slice(0, 3)).toEqual([1, 2, 4]);
    expect(Math.max(...waits)).toBe(5);
    clock.advance(5000); // a window after the last attempt: counted from zero again
    await throttle.admit('c@example.com', undefined);
    await throttle.admit('c@example.com', undefined);
    await expect(throttle.admit('c@example.com', undefined)).rejects.toMatchObject({ retryAfterSeconds: 1 });
  });

  it('gives an address that signed in before its own counter', async () => {
    const clock = fakeClock();
    const throttle = createLoginThrottle({ store: createMemoryLoginAttemptStore(clock), failuresAllowed: 2, windowSeconds: 60 });
    await throttle.succeeded(await throttle.admit('d@example.com', '192.0.2.1'));
    for (let i = 0; i < 10; i++) await throttle.admit('d@example.com', `198.51.100.${i}`).catch(() => undefined);
    await expect(throttle.admit('d@example.com', '198.51.100.200')).rejects.toBeInstanceOf(RateLimitedError);
    await throttle.admit('d@example.com', '192.0.2.1');
  });

  it('keeps at most maxKeys counters', async () => {
    const clock = fakeClock();
    const store = createMemoryLoginAttemptStore(clock, 10);
    for (let i = 0; i < 50; i++) await store.attempt(`k${i}`, { freeAttempts: 0, windowMs: 60_000 });
    expect(await store.attempt('k0', { freeAttempts: 0, windowMs: 60_000 })).toEqual({ admitted: true, count: 1 });
  });
});

// keys expire by themselves (within the window); every test uses its own prefix
describe.skipIf(!redisUrl)('createLoginThrottle (Redis store)', () => {
  const stores: LoginAttemptStore[] = [];
  afterAll(async () => Promise.all(stores.map((s) => s.close())));
  const open = () => {
    const store = createRedisLoginAttemptStore(redisUrl!, `sb-test-${randomUUID()}:`);
    stores.push(store);
    return store;
  };

  it('shares one counter between instances, atomically under parallel guesses', async () => {
    const prefix = `sb-test-${randomUUID()}:`;
    const a = createRedisLoginAttemptStore(redisUrl!, prefix);
    const b = createRedisLoginAttemptStore(redisUrl!, prefix);
    stores.push(a, b);
    const [one, two] = [a, b].map((store) => createLoginThrottle({ store, failuresAllowed: 4, windowSeconds: 30 }));
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 2 ? one! : two!).admit('e@example.com', `10.1.0.${i}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(RateLimitedError);
  });

  it('clears the lock on success and expires the count after the window', async () => {
    const throttle = createLoginThrottle({ store: open(), failuresAllowed: 1, windowSeconds: 1 });
    await throttle.admit('f@example.com', undefined);
    const ticket = await throttle.admit('f@example.com', undefined);
    await expect(throttle.admit('f@example.com', undefined)).rejects.toBeInstanceOf(RateLimitedError);
    await throttle.succeeded(ticket);
    await throttle.admit('f@example.com', undefined);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await throttle.admit('f@example.com', undefined);
  });
});
