import { z } from 'zod';

/** Size bounds shared by every schema: the public contract promises bounded input everywhere. */
export const LIMITS = {
  name: 200,
  description: 2_000,
  style: 20_000,
  email: 320,
  password: 1_000,
  emails: 1_000,
  ids: 100,
  secretValue: 10_000,
  secrets: 50,
} as const;

/** `{"error": {"code", "message"}}`: every 4xx/5xx answer. Extra fields (e.g. `run_id`) may follow. */
export const errorEnvelopeSchema = z.object({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** Error answers for route schemas (documents them in OpenAPI; extra fields are kept). */
export const errorResponses = {
  '4xx': errorEnvelopeSchema,
  '5xx': errorEnvelopeSchema,
} as const;

export const uuidSchema = z.uuid();
export const idParamsSchema = z.object({ id: z.uuid() });

/** Same rule as ADMIN_EMAIL (admin@localhost is valid); stored lower-case. */
export const emailSchema = z
  .string()
  .trim()
  .max(LIMITS.email)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address')
  .transform((e) => e.toLowerCase());

export const emailListSchema = z.array(emailSchema).max(LIMITS.emails);

export const timestampSchema = z.iso.datetime();

export const nameSchema = z.string().trim().min(1).max(LIMITS.name);

export const companyIdQuerySchema = z.object({ company_id: z.uuid().optional() });

/** Documents a 204 answer (no body is sent). */
export const noContentSchema = z.null().describe('No content');
