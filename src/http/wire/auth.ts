import { z } from 'zod';
import { COMPANY_ROLES } from '../../domain/company.js';
import { LIMITS, emailSchema, nameSchema, timestampSchema } from './common.js';

export const userSchema = z.object({
  user_id: z.uuid(),
  email: z.string(),
  name: z.string(),
  is_admin: z.boolean(),
  created_at: timestampSchema,
});
export type UserWire = z.infer<typeof userSchema>;

export const loginBodySchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(LIMITS.password),
});
export const loginResponseSchema = z.object({ token: z.string(), user: userSchema });

export const myCompanySchema = z.object({
  company_id: z.uuid(),
  name: z.string(),
  role: z.enum(COMPANY_ROLES),
  created_at: timestampSchema,
});
export const meResponseSchema = z.object({ user: userSchema, companies: z.array(myCompanySchema) });
export type MeResponse = z.infer<typeof meResponseSchema>;

export const apiTokenSchema = z.object({
  token_id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  kind: z.enum(['api', 'session']),
  created_at: timestampSchema,
  last_used_at: timestampSchema.nullable(),
  expires_at: timestampSchema.nullable(),
});
export type ApiTokenWire = z.infer<typeof apiTokenSchema>;

export const createTokenBodySchema = z.object({
  name: nameSchema,
  expires_in_days: z.number().int().min(1).max(3_650).optional(),
});
export const createTokenResponseSchema = z.object({ token: z.string(), api_token: apiTokenSchema });
export const tokenListSchema = z.array(apiTokenSchema);
