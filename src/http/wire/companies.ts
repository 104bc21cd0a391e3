import { z } from 'zod';
import { COMPANY_ROLES } from '../../domain/company.js';
import { nameSchema, timestampSchema } from './common.js';

export const companyRoleSchema = z.enum(COMPANY_ROLES);

/** `role` is the caller's role; null for a platform admin who is not a member. */
export const companySchema = z.object({
  company_id: z.uuid(),
  name: z.string(),
  role: companyRoleSchema.nullable(),
  created_at: timestampSchema,
});
export type CompanyWire = z.infer<typeof companySchema>;
export const companyListSchema = z.array(companySchema);

export const createCompanyBodySchema = z.object({ name: nameSchema });

export const memberSchema = z.object({
  user_id: z.uuid(),
  company_id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: companyRoleSchema,
});
export type MemberWire = z.infer<typeof memberSchema>;
export const memberListSchema = z.array(memberSchema);

export const updateMemberBodySchema = z.object({ role: companyRoleSchema });
export const memberParamsSchema = z.object({ id: z.uuid(), user_id: z.uuid() });
