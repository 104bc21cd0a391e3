import type { Services } from '../../services/index.js';
import { actorOf, type App } from '../app-types.js';
import { errorResponses } from '../wire/common.js';
import { createUserBodySchema, createUserResponseSchema, userListSchema } from '../wire/users.js';
import { presentUser } from './presenters.js';

export function registerUserRoutes(app: App, services: Pick<Services, 'users'>): void {
  const tags = ['users'];

  app.post('/users', { schema: { tags, body: createUserBodySchema, response: { 201: createUserResponseSchema, ...errorResponses } } }, async (request, reply) => {
    const { email, name, password, is_admin } = request.body;
    const { user, token } = await services.users.create(actorOf(request), { email, name, password, isAdmin: is_admin });
    return reply.code(201).send({ user: presentUser(user), token });
  });

  app.get('/users', { schema: { tags, response: { 200: userListSchema, ...errorResponses } } }, async (request) => {
    return (await services.users.list(actorOf(request))).map(presentUser);
  });
}
