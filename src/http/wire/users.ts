import { z } from 'zod';
import { userSchema } from './auth.js';
import { LIMITS, emailSchema } from './common.js';

export const createUserBodySchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(LIMITS.name).optional(),
  password: z.string().min(8).max(LIMITS.password).optional(),
  is_admin: z.boolean().default(false),
});
/** `token` is an API token for the new user, shown only in this answer. */
export const createUserResponseSchema = z.object({ user: userSchema, token: z.string() });
export const userListSchema = z.array(userSchema);
