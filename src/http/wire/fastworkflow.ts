import { z } from 'zod';
import type { FwCommandOutput, FwTrace } from '../../services/fastworkflow-turn-reader.js';

/**
 * The fastworkflow surface (seed 000, v2.16): field names and defaults as the original's pydantic models.
 * Unknown fields (the original's `workflow_path`, `env_file_path`, …) are accepted and ignored.
 */
const MAX_QUERY_CHARS = 200_000;

const fwUserId = z.string().min(1, 'user_id must not be empty').max(128).describe("Your own name for the end user; scoped to the signed-in caller");
const ownerUserId = z
  .uuid('owner_user_id must be a UUID')
  .optional()
  .describe('Platform admins only: act for the user with this id (their sessions, agents and memory)');

export const fwInitializeBodySchema = z.object({
  user_id: fwUserId,
  agent_id: z.uuid('agent_id must be a UUID').describe('The agent this user talks to (you must be allowed to invoke it)'),
  context: z
    .union([z.string().max(50_000), z.record(z.string(), z.unknown())])
    .nullish()
    .transform((value) => (value == null ? '' : typeof value === 'string' ? value : JSON.stringify(value)))
    .refine((value) => value.length <= 50_000, 'context is too large (at most 50,000 characters)')
    .describe('Added to the agent instructions for every turn; an object is sent as JSON'),
  show_agent_traces: z.boolean().default(true),
  conversation_id: z.number().int().nonnegative().max(2_147_483_647).nullish(),
  owner_user_id: ownerUserId,
});
export type FwInitializeBody = z.infer<typeof fwInitializeBodySchema>;

export const fwInitializeResponseSchema = z.object({ user_id: z.string() });

export const fwInvokeBodySchema = z.object({
  user_id: fwUserId,
  user_query: z.string().min(1, 'user_query must not be empty').max(MAX_QUERY_CHARS).describe('Leading slashes are removed'),
  timeout_seconds: z.number().int().min(1).max(86_400).default(60).describe('The turn is cancelled after this many seconds'),
  owner_user_id: ownerUserId,
});
export type FwInvokeBody = z.infer<typeof fwInvokeBodySchema>;

export const fwUserBodySchema = z.object({ user_id: fwUserId, owner_user_id: ownerUserId });
export const fwUserQuerySchema = z.object({ user_id: fwUserId, owner_user_id: ownerUserId });

export const fwActivateBodySchema = z.object({
  user_id: fwUserId,
  conversation_id: z.number().int().min(1).max(2_147_483_647),
  owner_user_id: ownerUserId,
});

const hasText = (value: string | null | undefined) => typeof value === 'string' && value.trim() !== '';

export const fwFeedbackBodySchema = z
  .object({
    user_id: fwUserId,
    binary_or_numeric_score: z.union([z.boolean(), z.number().finite()]).nullish(),
    nl_feedback: z.string().max(10_000).nullish(),
    owner_user_id: ownerUserId,
  })
  // the original meant to require one of the two but let "both omitted" through; we do not
  .refine((body) => body.binary_or_numeric_score != null || hasText(body.nl_feedback), {
    message: 'Give binary_or_numeric_score or nl_feedback (or both)',
    path: ['nl_feedback'],
  });

export const fwStatusResponseSchema = z.object({ status: z.literal('ok'), message: z.string().optional() });

export const fwConversationSchema = z.object({
  conversation_id: z.number().int(),
  topic: z.string(),
  summary: z.string(),
  created_at: z.number().int().describe('epoch milliseconds'),
  updated_at: z.number().int().describe('epoch milliseconds'),
});

export const fwTraceSchema = z.object({
  direction: z.enum(['agent_to_workflow', 'workflow_to_agent']),
  raw_command: z.string().nullable(),
  command_name: z.string().nullable(),
  parameters: z.record(z.string(), z.unknown()).nullable(),
  response_text: z.string().nullable(),
  success: z.boolean().nullable(),
  timestamp_ms: z.number().int(),
}) satisfies z.ZodType<FwTrace>;

export const fwCommandOutputSchema = z.object({
  command_responses: z.array(
    z.object({
      response: z.string(),
      success: z.boolean(),
      artifacts: z.record(z.string(), z.unknown()),
      next_actions: z.array(z.unknown()),
      recommendations: z.array(z.unknown()),
    }),
  ),
  workflow_name: z.string(),
  context: z.string(),
  command_name: z.string(),
  command_parameters: z.string(),
}) satisfies z.ZodType<FwCommandOutput>;

/** POST /invoke_agent: the output plus `traces` when the session shows them. */
export const fwInvokeResponseSchema = fwCommandOutputSchema.extend({ traces: z.array(fwTraceSchema).optional() });

export const fwDetailSchema = z.object({ detail: z.string() });
