import { z } from 'zod';
import { INVITATION_STATUSES } from '../../domain/company.js';
import { emailSchema, timestampSchema } from './common.js';
import { companyRoleSchema, companySchema } from './companies.js';

/** `POST /companies/{id}/members`: the same 202 answer whether or not the address has an account (decision 0603). */
export const inviteBodySchema = z.object({ email: emailSchema, role: companyRoleSchema });

export const invitationSchema = z.object({
  invitation_id: z.uuid(),
  company_id: z.uuid(),
  email: z.string(),
  role: companyRoleSchema,
  status: z.enum(INVITATION_STATUSES),
  created_at: timestampSchema,
});
export type InvitationWire = z.infer<typeof invitationSchema>;
export const invitationAnswerSchema = z.object({ invitation: invitationSchema });
export const invitationListSchema = z.object({ invitations: z.array(invitationSchema) });

/** What the invitee sees in `GET /me/invitations`. */
export const receivedInvitationSchema = z.object({
  invitation_id: z.uuid(),
  company_id: z.uuid(),
  company_name: z.string(),
  role: companyRoleSchema,
  created_at: timestampSchema,
});
export type ReceivedInvitationWire = z.infer<typeof receivedInvitationSchema>;
export const receivedInvitationListSchema = z.object({ invitations: z.array(receivedInvitationSchema) });

export const acceptedInvitationSchema = z.object({ company: companySchema });

export const companyInvitationParamsSchema = z.object({ id: z.uuid(), invitation_id: z.uuid() });
export const invitationIdParamsSchema = z.object({ invitation_id: z.uuid() });
