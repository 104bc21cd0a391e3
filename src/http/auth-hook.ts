import type { FastifyRequest } from 'fastify';
import type { AuthService } from '../services/auth.js';
import type { App } from './app-types.js';

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Every route is authenticated unless its config says `public: true` (unknown paths answer 404). */
export function installAuthHook(app: App, auth: Pick<AuthService, 'authenticate'>): void {
  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (request) => {
    if (request.is404 || request.routeOptions.config?.public) return;
    request.actor = await auth.authenticate(bearerOf(request));
  });
}

/** Marks every route registered in this scope (and below) public: used for docs and static files. */
export function markScopePublic(scope: App): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), public: true };
  });
}
