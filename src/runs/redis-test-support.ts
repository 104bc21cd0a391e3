import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { serviceAvailable, testRedisUrl } from '../../test/support/requirements.js';

/** Test-only helpers for the Redis suites: availability, a key prefix per test run, and cleanup. */
export function redisTestUrl(): string | undefined {
  return serviceAvailable('Redis', Boolean(testRedisUrl), 'set TEST_REDIS_URL=redis://127.0.0.1:6379') ? testRedisUrl : undefined;
}

export const uniqueKeyPrefix = (): string => `switchboard-test:${randomUUID()}:`;

export async function deleteKeysWithPrefix(url: string, keyPrefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
