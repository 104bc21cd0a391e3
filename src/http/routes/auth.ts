import type { Services } from '../../services/index.js';
import { actorOf, type App } from '../app-types.js';
import {
  createTokenBodySchema,
  createTokenResponseSchema,
  loginBodySchema,
  loginResponseSchema,
  meResponseSchema,
  tokenListSchema,
} from '../wire/auth.js';
import { errorResponses, idParamsSchema, noContentSchema } from '../wire/common.js';
import { presentApiToken, presentUser } from './presenters.js';

export function registerAuthRoutes(app: App, services: Pick<Services, 'auth' | 'users'>): void {
  const tags = ['auth'];

  app.post(
    '/auth/login',
    { config: { public: true }, schema: { tags, security: [], body: loginBodySchema, response: { 200: loginResponseSchema, ...errorResponses } } },
    async (request) => {
      const { token, user } = await services.auth.login(request.body.email, request.body.password, request.ip);
      return { token, user: presentUser(user) };
    },
  );

  app.post('/auth/logout', { schema: { tags, response: { 204: noContentSchema, ...errorResponses } } }, async (request, reply) => {
    await services.auth.logout(actorOf(request));
    return reply.code(204).send(null);
  });

  app.get('/me', { schema: { tags, response: { 200: meResponseSchema, ...errorResponses } } }, async (request) => {
    const { user, companies } = await services.users.me(actorOf(request));
    return {
      user: presentUser(user),
      companies: companies.map((c) => ({ company_id: c.companyId, name: c.name, role: c.role, created_at: c.createdAt.toISOString() })),
    };
  });

  app.post(
    '/tokens',
    { schema: { tags, body: createTokenBodySchema, response: { 201: createTokenResponseSchema, ...errorResponses } } },
    async (request, reply) => {
      const { token, apiToken } = await services.auth.createApiToken(actorOf(request), {
        name: request.body.name,
        expiresInDays: request.body.expires_in_days,
      });
      return reply.code(201).send({ token, api_token: presentApiToken(apiToken) });
    },
  );

  app.get('/tokens', { schema: { tags, response: { 200: tokenListSchema, ...errorResponses } } }, async (request) => {
    const tokens = await services.auth.listApiTokens(actorOf(request));
    return tokens.filter((t) => t.revokedAt === null).map(presentApiToken);
  });

  app.delete('/tokens/:id', { schema: { tags, params: idParamsSchema, response: { 204: noContentSchema, ...errorResponses } } }, async (request, reply) => {
    await services.auth.revokeApiToken(actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });
}
