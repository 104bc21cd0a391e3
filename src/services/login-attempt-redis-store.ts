import { Redis } from 'ioredis';
import type { LoginAttemptStore } from './login-attempt-store.js';

// lockMsAfter() of login-attempt-store.ts in Lua, so check, count and lock are one atomic step across instances
const ATTEMPT = `
local locked = redis.call('PTTL', KEYS[2])
if locked > 0 then return -locked end
local n = redis.call('INCR', KEYS[1])
local free = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local lock = 0
if n > free then lock = math.min(window, 1000 * 2 ^ math.min(30, n - free - 1)) end
redis.call('PEXPIRE', KEYS[1], math.max(window, lock))
if lock > 0 then redis.call('SET', KEYS[2], '1', 'PX', lock) end
return n`;

/** Login counters shared by every instance through Redis (REDIS_URL), so spreading guesses over instances does not help. */
export function createRedisLoginAttemptStore(redisUrl: string, keyPrefix = 'switchboard:login:'): LoginAttemptStore {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined); // ioredis reconnects by itself; a failing call rejects and sign-in answers 503
  const count = (key: string) => `${keyPrefix}count:${key}`;
  const lock = (key: string) => `${keyPrefix}lock:${key}`;
  const seen = (key: string) => `${keyPrefix}seen:${key}`;

  return {
    async attempt(key, policy) {
      const n = Number(await redis.eval(ATTEMPT, 2, count(key), lock(key), String(policy.freeAttempts), String(policy.windowMs)));
      return n < 0 ? { admitted: false, lockedMs: -n } : { admitted: true, count: n };
    },
    async clear(key) {
      await redis.del(count(key), lock(key));
    },
    async remember(key, ttlMs) {
      await redis.set(seen(key), '1', 'PX', ttlMs);
    },
    async isRemembered(key) {
      return (await redis.exists(seen(key))) === 1;
    },
    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
