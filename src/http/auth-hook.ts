import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../domain/index.js';
import type { AuthService } from '../services/auth.js';
import type { App } from './app-types.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Only a platform admin's token or the METRICS_TOKEN bearer may call this route (/metrics, decision 1003). */
    metricsReader?: boolean;
  }
  interface FastifyRequest {
    /** Why authentication failed; thrown only after the rate limiter counted the request by address. */
    authFailure?: unknown;
  }
}

export interface AuthHookOptions {
  /** METRICS_TOKEN: a bearer that opens `metricsReader` routes without a user. */
  metricsToken?: string | undefined;
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Constant-time equality of two secrets of any length (their digests are compared). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Every route is authenticated unless its config says `public: true` (unknown paths answer 404). A failed
 * authentication is remembered here and thrown in preParsing, after the route-level rate limiter has counted
 * the request against the client address (decision 1000).
 */
export function installAuthHook(app: App, auth: Pick<AuthService, 'authenticate'>, options: AuthHookOptions = {}): void {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('authFailure', undefined);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (request.is404 || config?.public) return;
    const bearer = bearerOf(request);
    if (config?.metricsReader && bearer && options.metricsToken && sameSecret(bearer, options.metricsToken)) return;
    try {
      request.actor = await auth.authenticate(bearer);
      if (config?.metricsReader && !request.actor.isAdmin) throw new ForbiddenError('Only a platform admin or the METRICS_TOKEN bearer may read metrics');
    } catch (error) {
      request.authFailure = error;
    }
  });
  app.addHook('preParsing', async (request) => {
    if (request.authFailure !== undefined) throw request.authFailure;
  });
}

/** Marks every route registered in this scope (and below) public: used for docs and static files. */
export function markScopePublic(scope: App): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), public: true };
  });
}
