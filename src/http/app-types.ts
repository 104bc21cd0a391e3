import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../domain/index.js';

/** The Fastify instance with zod as its type provider: route schemas type the handlers. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every non-public route. */
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** Public routes skip authentication (health, docs, /get-llms, static files). */
    public?: boolean;
  }
}

/** The caller of an authenticated route. */
export function actorOf(request: { actor: Actor }): Actor {
  return request.actor;
}
