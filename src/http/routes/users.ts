import type { Services } from '../../services/index.js';
import { actorOf, type App } from '../app-types.js';
import { errorResponses, idParamsSchema, noContentSchema } from '../wire/common.js';
import {
  createUserBodySchema,
  createUserResponseSchema,
  resetPasswordBodySchema,
  updateUserBodySchema,
  userAccountSchema,
  userListSchema,
} from '../wire/users.js';
import { presentUser } from './presenters.js';
import { presentUserAccount } from './present-user-account.js';

export function registerUserRoutes(app: App, services: Pick<Services, 'users'>): void {
  const tags = ['users'];

  app.post('/users', { schema: { tags, body: createUserBodySchema, response: { 201: createUserResponseSchema, ...errorResponses } } }, async (request, reply) => {
    const { email, name, password, is_admin } = request.body;
    const { user, token } = await services.users.create(actorOf(request), { email, name, password, isAdmin: is_admin });
    return reply.code(201).send({ user: presentUser(user), token });
  });

  app.get('/users', { schema: { tags, summary: 'Every user (platform admins)', response: { 200: userListSchema, ...errorResponses } } }, async (request) => {
    return (await services.users.list(actorOf(request))).map(presentUserAccount);
  });

  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Rename, promote, demote, disable or enable a user (platform admins)',
        description: 'Disabling ends every session and API token of the user at once. The last active platform admin cannot be demoted or disabled (409).',
        params: idParamsSchema,
        body: updateUserBodySchema,
        response: { 200: userAccountSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { name, is_admin, disabled } = request.body;
      return presentUserAccount(await services.users.update(actorOf(request), request.params.id, { name, isAdmin: is_admin, disabled }));
    },
  );

  app.post(
    '/users/:id/password',
    {
      schema: {
        tags,
        summary: "Set a user's password (platform admins)",
        description: "The user's login sessions end; their API tokens keep working.",
        params: idParamsSchema,
        body: resetPasswordBodySchema,
        response: { 204: noContentSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await services.users.resetPassword(actorOf(request), request.params.id, request.body.password);
      return reply.code(204).send(null);
    },
  );
}
