import type { Services } from '../../services/index.js';
import { actorOf, type App } from '../app-types.js';
import { errorResponses, noContentSchema } from '../wire/common.js';
import { changePasswordBodySchema, updateProfileBodySchema, userAccountSchema } from '../wire/users.js';
import { presentUserAccount } from './present-user-account.js';

/** issue 18: the caller's own profile and password. */
export function registerProfileRoutes(app: App, services: Pick<Services, 'users'>): void {
  const tags = ['auth'];

  app.patch('/me', { schema: { tags, summary: 'Rename yourself', body: updateProfileBodySchema, response: { 200: userAccountSchema, ...errorResponses } } }, async (request) =>
    presentUserAccount(await services.users.updateProfile(actorOf(request), { name: request.body.name })),
  );

  app.post(
    '/me/password',
    {
      schema: {
        tags,
        summary: 'Change your password',
        description: 'A wrong current_password answers 403. Your other login sessions end; this one and your API tokens keep working.',
        body: changePasswordBodySchema,
        response: { 204: noContentSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await services.users.changePassword(actorOf(request), { currentPassword: request.body.current_password, newPassword: request.body.new_password });
      return reply.code(204).send(null);
    },
  );
}
