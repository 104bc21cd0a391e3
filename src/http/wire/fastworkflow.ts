import { z } from 'zod';
import type { FwCommandOutput, FwTrace } from '../../services/fastworkflow-turn-reader.js';

/**
 * The fastworkflow surface (seed 000, v2.16): field names and defaults as the original's pydantic models,
 * with pydantic's lax coercions where it applies them ("false" → false, "3" → 3; decision 0803).
 * Unknown fields (the original's `workflow_path`, …) are accepted and ignored.
 */
const MAX_QUERY_CHARS = 200_000;
const MAX_TEXT_CHARS = 50_000;

const TRUE_WORDS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_WORDS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** pydantic's lax bool: true/false, 0/1 and the words it knows, case-insensitively. */
const laxBoolean = z.preprocess((value) => {
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  if (value === 0 || value === 1) return value === 1;
  return value;
}, z.boolean());

const numericText = (value: unknown) => (typeof value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value);
/** pydantic's lax int: a whole number, also as text ("3"); any size, as Python's int (bounded to safe integers here). */
const laxInt = z.preprocess(numericText, z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER));
const laxFloat = z.preprocess(numericText, z.number().finite());

const fwUserId = z.string().min(1, 'user_id must not be empty').max(128).describe("Your own name for the end user; scoped to the signed-in caller");
const ownerUserId = z
  .uuid('owner_user_id must be a UUID')
  .optional()
  .describe('Platform admins only: act for the user with this id (their sessions, agents and memory)');
const timeoutSeconds = laxInt
  .default(60)
  .describe('The turn is cancelled after this many seconds (capped by the server); ≤ 0 times out at once without running, as in fastworkflow');

/** The seed's `Action`: a tool of the session's agent (`command_name`) and its arguments. */
export const fwActionSchema = z.object({
  command_name: z.string().min(1).max(256).describe("The name of a tool of the session's agent (an MCP tool as <tool>__<mcp tool>)"),
  command: z.string().max(MAX_TEXT_CHARS).default('').describe('Ignored: the parameters are given'),
  parameters: z.record(z.string(), z.union([z.string(), z.boolean(), z.number(), z.null(), z.record(z.string(), z.unknown())])).default({}),
  workflow_id: laxInt.nullish().describe('Ignored (one workflow per session: its agent)'),
});

export const fwInitializeBodySchema = z
  .object({
    user_id: fwUserId,
    agent_id: z.uuid('agent_id must be a UUID').describe("The agent this user talks to (you must be allowed to invoke it); replaces fastworkflow's workflow_path"),
    workflow_path: z.string().max(4096).nullish().describe('Accepted and ignored: the agent is the workflow'),
    env_file_path: z.string().max(4096).nullish().describe('Refused with 422 when given: Switchboard reads no server files (secrets belong to tools)'),
    passwords_file_path: z.string().max(4096).nullish().describe('Refused with 422 when given, like env_file_path'),
    context: z
      .union([z.string().max(MAX_TEXT_CHARS), z.record(z.string(), z.unknown())])
      .nullish()
      .transform((value) => (value == null ? '' : typeof value === 'string' ? value : JSON.stringify(value)))
      .refine((value) => value.length <= MAX_TEXT_CHARS, 'context is too large (at most 50,000 characters)')
      .describe('Added to the agent instructions for every turn; an object is sent as JSON'),
    startup_command: z.string().max(MAX_QUERY_CHARS).nullish().describe("Runs as the new session's first turn"),
    startup_action: z
      .record(z.string(), z.unknown())
      .nullish()
      .describe('Runs as the new session\'s first turn, like /perform_action (only if it has command_name, as in fastworkflow)'),
    show_agent_traces: laxBoolean.default(true),
    conversation_id: laxInt.pipe(z.number().int().nonnegative().max(2_147_483_647)).nullish(),
    owner_user_id: ownerUserId,
  })
  .refine((body) => !(body.startup_action != null && body.startup_command), {
    message: 'Cannot provide both startup_command and startup_action',
    path: ['startup_action'],
  })
  .refine((body) => body.startup_action == null || !('command_name' in body.startup_action) || fwActionSchema.safeParse(body.startup_action).success, {
    message: 'startup_action must be an Action: {command_name, command?, parameters?, workflow_id?}',
    path: ['startup_action'],
  });
export type FwInitializeBody = z.infer<typeof fwInitializeBodySchema>;

export const fwInitializeResponseSchema = z.object({ user_id: z.string() });

export const fwInvokeBodySchema = z.object({
  user_id: fwUserId,
  user_query: z.string().min(1, 'user_query must not be empty').max(MAX_QUERY_CHARS).describe('Leading slashes are removed'),
  timeout_seconds: timeoutSeconds,
  owner_user_id: ownerUserId,
});
export type FwInvokeBody = z.infer<typeof fwInvokeBodySchema>;

export const fwPerformActionBodySchema = z.object({
  user_id: fwUserId,
  action: fwActionSchema,
  timeout_seconds: laxInt.default(60).describe('≤ 0: no limit of its own (fastworkflow ignored it); the server limit applies'),
  owner_user_id: ownerUserId,
});
export type FwPerformActionBody = z.infer<typeof fwPerformActionBodySchema>;

export const fwDumpBodySchema = z.object({
  output_folder: z.string().min(1).max(4096).describe('Written only inside the server\'s FASTWORKFLOW_EXPORT_DIR (relative to it); the JSONL is always the response'),
});

export const fwUserBodySchema = z.object({ user_id: fwUserId, owner_user_id: ownerUserId });
export const fwUserQuerySchema = z.object({ user_id: fwUserId, owner_user_id: ownerUserId });

export const fwActivateBodySchema = z.object({
  user_id: fwUserId,
  conversation_id: laxInt.pipe(z.number().int().min(1).max(2_147_483_647)),
  owner_user_id: ownerUserId,
});

const hasText = (value: string | null | undefined) => typeof value === 'string' && value.trim() !== '';

export const fwFeedbackBodySchema = z
  .object({
    user_id: fwUserId,
    binary_or_numeric_score: z.union([laxBoolean, laxFloat]).nullish(),
    nl_feedback: z.string().max(10_000).nullish(),
    owner_user_id: ownerUserId,
  })
  // the original meant to require one of the two but let "both omitted" through; we do not
  .refine((body) => body.binary_or_numeric_score != null || hasText(body.nl_feedback), {
    message: 'At least one of binary_or_numeric_score or nl_feedback must be provided',
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

/** FastAPI's 422: a list of pydantic-style errors for a body that fails validation, else one string (as the release's own 422s). */
export const fwValidationErrorSchema = z.object({
  detail: z.union([z.string(), z.array(z.object({ type: z.string(), loc: z.array(z.union([z.string(), z.number()])), msg: z.string() }))]),
});
