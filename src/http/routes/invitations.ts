import type { Invitation, ReceivedInvitation } from '../../domain/index.js';
import type { Services } from '../../services/index.js';
import { actorOf, type App } from '../app-types.js';
import { errorResponses, idParamsSchema, noContentSchema } from '../wire/common.js';
import {
  acceptedInvitationSchema,
  companyInvitationParamsSchema,
  invitationAnswerSchema,
  invitationIdParamsSchema,
  invitationListSchema,
  inviteBodySchema,
  receivedInvitationListSchema,
  type InvitationWire,
  type ReceivedInvitationWire,
} from '../wire/invitations.js';
import { presentCompany } from './presenters.js';

function presentInvitation(invitation: Invitation): InvitationWire {
  return {
    invitation_id: invitation.invitationId,
    company_id: invitation.companyId,
    email: invitation.email,
    role: invitation.role,
    status: invitation.status,
    created_at: invitation.createdAt.toISOString(),
  };
}

function presentReceivedInvitation(invitation: ReceivedInvitation): ReceivedInvitationWire {
  return {
    invitation_id: invitation.invitationId,
    company_id: invitation.companyId,
    company_name: invitation.companyName,
    role: invitation.role,
    created_at: invitation.createdAt.toISOString(),
  };
}

/** Members join by invitation: company admins invite an e-mail, the invitee accepts or declines (decision 0603). */
export function registerInvitationRoutes(app: App, services: Pick<Services, 'invitations'>): void {
  const { invitations } = services;
  const tags = ['companies'];

  app.post(
    '/companies/:id/members',
    {
      schema: {
        tags,
        summary: 'Invite an e-mail address into the company (company admins)',
        description: 'Always 202 with the pending invitation, whether or not the address has an account; inviting again changes the role.',
        params: idParamsSchema,
        body: inviteBodySchema,
        response: { 202: invitationAnswerSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const invitation = await invitations.invite(actorOf(request), request.params.id, request.body);
      return reply.code(202).send({ invitation: presentInvitation(invitation) });
    },
  );

  app.get(
    '/companies/:id/invitations',
    { schema: { tags, summary: 'Pending invitations of the company (company admins)', params: idParamsSchema, response: { 200: invitationListSchema, ...errorResponses } } },
    async (request) => ({ invitations: (await invitations.listForCompany(actorOf(request), request.params.id)).map(presentInvitation) }),
  );

  app.delete(
    '/companies/:id/invitations/:invitation_id',
    { schema: { tags, summary: 'Revoke a pending invitation', params: companyInvitationParamsSchema, response: { 204: noContentSchema, ...errorResponses } } },
    async (request, reply) => {
      await invitations.revoke(actorOf(request), request.params.id, request.params.invitation_id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me/invitations',
    { schema: { tags, summary: "Pending invitations to the caller's e-mail address", response: { 200: receivedInvitationListSchema, ...errorResponses } } },
    async (request) => ({ invitations: (await invitations.listMine(actorOf(request))).map(presentReceivedInvitation) }),
  );

  app.post(
    '/me/invitations/:invitation_id/accept',
    { schema: { tags, summary: 'Accept an invitation: join the company with the invited role', params: invitationIdParamsSchema, response: { 200: acceptedInvitationSchema, ...errorResponses } } },
    async (request) => ({ company: presentCompany(await invitations.accept(actorOf(request), request.params.invitation_id)) }),
  );

  app.post(
    '/me/invitations/:invitation_id/decline',
    { schema: { tags, summary: 'Decline an invitation', params: invitationIdParamsSchema, response: { 204: noContentSchema, ...errorResponses } } },
    async (request, reply) => {
      await invitations.decline(actorOf(request), request.params.invitation_id);
      return reply.code(204).send(null);
    },
  );
}
