import fastifyRateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { App } from './app-types.js';

export interface RateLimitOptions {
  perMinute: number;
  /** With REDIS_URL the counters are shared by all instances. */
  redisUrl?: string | undefined;
}

/**
 * Requests per minute per caller (decision 1000): an authenticated request counts against its user; every other
 * request (public routes such as /auth/login, no token, or a token that fails) against the client address,
 * TRUST_PROXY honoured. So a random `Authorization` header buys an attacker nothing. The auth hook runs first
 * (instance-level onRequest) and defers its 401 until after this route-level hook has counted the request.
 */
export async function registerRateLimit(app: App, options: RateLimitOptions): Promise<void> {
  const redis = options.redisUrl ? new Redis(options.redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1 }) : undefined;
  redis?.on('error', () => undefined); // skipOnError below: an unreachable Redis must not take the API down
  if (redis) app.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));
  await app.register(fastifyRateLimit, {
    global: true,
    max: options.perMinute,
    timeWindow: 60_000,
    ...(redis ? { redis, nameSpace: 'switchboard:ratelimit:', skipOnError: true } : {}),
    keyGenerator: (request) => (request.actor ? `user:${request.actor.userId}` : `addr:${request.ip}`),
    allowList: (request) => request.url === '/health' || request.url === '/ready',
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return Object.assign(new Error(`Too many requests: the limit is ${context.max} per minute; try again in ${seconds} s`), { statusCode: 429, retryAfterSeconds: seconds });
    },
  });
}
