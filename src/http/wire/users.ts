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

/** issue 18: a user as platform admins manage it: the profile plus whether the account is disabled. */
export const userAccountSchema = userSchema.extend({
  disabled: z.boolean().describe('A disabled user cannot log in and none of their tokens work'),
});
export type UserAccountWire = z.infer<typeof userAccountSchema>;
export const userListSchema = z.array(userAccountSchema);

const newPasswordSchema = z.string().min(8, 'passwords have at least 8 characters').max(LIMITS.password);

/** PATCH /users/{id}: every field optional; demoting or disabling the last active admin answers 409. */
export const updateUserBodySchema = z
  .object({
    name: z.string().trim().min(1).max(LIMITS.name).optional(),
    is_admin: z.boolean().optional(),
    disabled: z.boolean().optional().describe('true ends every session and API token of the user at once'),
  })
  .meta({ examples: [{ disabled: true }, { name: 'Ada Lovelace', is_admin: true }] });

/** POST /users/{id}/password: an admin sets a new password; the user's login sessions end. */
export const resetPasswordBodySchema = z.object({ password: newPasswordSchema }).meta({ examples: [{ password: 'a-new-long-password' }] });

/** PATCH /me */
export const updateProfileBodySchema = z.object({ name: z.string().trim().min(1).max(LIMITS.name) }).meta({ examples: [{ name: 'Ada' }] });

/** POST /me/password: `current_password` may be left out only by an account that has no password yet. */
export const changePasswordBodySchema = z
  .object({
    current_password: z.string().min(1).max(LIMITS.password).optional(),
    new_password: newPasswordSchema,
  })
  .meta({ examples: [{ current_password: 'the-old-password', new_password: 'a-new-long-password' }] });
