import type { Services } from '../../services/index.js';
import { actorOf, type App } from '../app-types.js';
import { errorResponses, idParamsSchema, noContentSchema } from '../wire/common.js';
import {
  companyListSchema,
  companySchema,
  createCompanyBodySchema,
  memberListSchema,
  memberParamsSchema,
  memberSchema,
  updateMemberBodySchema,
} from '../wire/companies.js';
import { registerInvitationRoutes } from './invitations.js';
import { presentCompany, presentMember } from './presenters.js';

export function registerCompanyRoutes(app: App, services: Pick<Services, 'companies' | 'invitations'>): void {
  const tags = ['companies'];
  const { companies } = services;
  // POST /companies/{id}/members invites (routes/invitations.ts); PATCH and DELETE below manage members
  registerInvitationRoutes(app, services);

  app.post('/companies', { schema: { tags, body: createCompanyBodySchema, response: { 201: companySchema, ...errorResponses } } }, async (request, reply) => {
    const company = await companies.create(actorOf(request), { name: request.body.name });
    return reply.code(201).send(presentCompany(company));
  });

  app.get('/companies', { schema: { tags, response: { 200: companyListSchema, ...errorResponses } } }, async (request) => {
    return (await companies.list(actorOf(request))).map(presentCompany);
  });

  app.get('/companies/:id/members', { schema: { tags, params: idParamsSchema, response: { 200: memberListSchema, ...errorResponses } } }, async (request) => {
    return (await companies.listMembers(actorOf(request), request.params.id)).map(presentMember);
  });

  app.patch(
    '/companies/:id/members/:user_id',
    { schema: { tags, params: memberParamsSchema, body: updateMemberBodySchema, response: { 200: memberSchema, ...errorResponses } } },
    async (request) => {
      const member = await companies.updateMember(actorOf(request), request.params.id, request.params.user_id, request.body.role);
      return presentMember(member);
    },
  );

  app.delete(
    '/companies/:id/members/:user_id',
    { schema: { tags, params: memberParamsSchema, response: { 204: noContentSchema, ...errorResponses } } },
    async (request, reply) => {
      await companies.removeMember(actorOf(request), request.params.id, request.params.user_id);
      return reply.code(204).send(null);
    },
  );
}
