import { Redis, type RedisOptions } from 'ioredis';

/**
 * Where Redis connections come from: a URL, or a factory returning a new, unshared client each call.
 * Either way the adapter owns the connections it opens and closes them on `shutdown()`.
 */
export type RedisConnectionSource = string | (() => Redis);

export interface RedisConnectionOptions {
  /** Receives connection errors (ioredis reconnects by itself); without it ioredis prints its own warning. */
  onError?: (error: unknown) => void;
}

export function openRedisConnection(
  source: RedisConnectionSource,
  tuning: RedisOptions,
  options: RedisConnectionOptions = {},
): Redis {
  const redis = typeof source === 'string' ? new Redis(source, tuning) : source();
  if (options.onError) redis.on('error', options.onError);
  return redis;
}

/** Graceful close that never throws: shutdown must go on even when Redis is already gone. */
export async function closeRedisConnection(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
