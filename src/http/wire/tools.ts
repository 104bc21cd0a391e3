import { z } from 'zod';
import { TOOL_KINDS, TOOL_NAME_PATTERN } from '../../domain/tool.js';
import { LIMITS, timestampSchema } from './common.js';

/** What a secret value reads back as, on every response. */
export const SECRET_MASK = '********';

export const toolNameSchema = z.string().regex(TOOL_NAME_PATTERN, 'letters, digits, _ and - (1 to 64 characters)');
export const envKeySchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'letters, digits and _ , not starting with a digit');
const secretValueSchema = z.string().min(1).max(LIMITS.secretValue);
const maxSecrets = (env: Record<string, unknown>) => Object.keys(env).length <= LIMITS.secrets;
const tooManySecrets = { message: `at most ${LIMITS.secrets} secrets` };

/** Kind-specific shape is checked by the tool config validator (see SPEC §7). */
export const toolConfigSchema = z.record(z.string().max(LIMITS.name), z.unknown());

export const createToolBodySchema = z.object({
  name: toolNameSchema,
  description: z.string().max(LIMITS.description).default(''),
  kind: z.enum(TOOL_KINDS),
  config: toolConfigSchema,
  env: z.record(envKeySchema, secretValueSchema).refine(maxSecrets, tooManySecrets).default({}),
  on_status: z.boolean().default(true),
  company_id: z.uuid().nullable().default(null),
});

/** `env`: a string sets a secret, null deletes it, "********" keeps it. */
export const updateToolBodySchema = z.object({
  name: toolNameSchema.optional(),
  description: z.string().max(LIMITS.description).optional(),
  config: toolConfigSchema.optional(),
  env: z.record(envKeySchema, secretValueSchema.nullable()).refine(maxSecrets, tooManySecrets).optional(),
  on_status: z.boolean().optional(),
  company_id: z.uuid().nullable().optional(),
});

export const toolSchema = z.object({
  tool_id: z.uuid(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(TOOL_KINDS),
  config: z.record(z.string(), z.unknown()),
  env: z.record(z.string(), z.literal(SECRET_MASK)),
  on_status: z.boolean(),
  company_id: z.uuid().nullable(),
  user_id: z.uuid(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
});
export type ToolWire = z.infer<typeof toolSchema>;
export const toolListSchema = z.array(toolSchema);
