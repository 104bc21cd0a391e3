import { z } from 'zod';

const MAX_MESSAGE_CHARS = 200_000;

const threadId = z
  .union([z.string().min(1).max(200), z.number().int().nonnegative()])
  .transform(String)
  .describe('Conversation id; memory is kept per (agent, user, thread)');

/** The draft agent of `load_from_json` (the seed's UI sends the whole GET /agents/{id} object). */
export const agentDraftSchema = z
  .object({
    agent_id: z.string().max(100).optional(),
    agent_name: z.string().min(1).max(200).optional(),
    description: z.string().max(5_000).nullish(),
    agent_style: z.string().max(20_000).nullish(),
    model_name: z.string().max(200).optional(),
    tools: z.array(z.uuid()).max(100).optional(),
  })
  .passthrough();

/** Body of POST /agent-invoke/{agent_id}/invoke(-stream): the seed's shape, with its defaults. */
export const invokeBodySchema = z.object({
  input: z.object({
    messages: z.string().min(1, 'input.messages must not be empty').max(MAX_MESSAGE_CHARS),
    context: z.string().max(50_000).nullish().transform((v) => v ?? ''),
  }),
  config: z
    .object({ configurable: z.object({ thread_id: threadId.default('1') }).passthrough().default({ thread_id: '1' }) })
    .passthrough()
    .default({ configurable: { thread_id: '1' } }),
  metadata: z
    .object({
      model_name: z.string().max(200).nullish(),
      reset_memory: z.boolean().default(false),
      load_from_json: z.boolean().default(false),
      agent_style: z.string().max(20_000).nullish().transform((v) => v ?? ''),
    })
    .passthrough()
    .default({ reset_memory: false, load_from_json: false, agent_style: '' }),
  agent_config: agentDraftSchema.nullish(),
  on_disconnect: z.enum(['continue', 'cancel']).default('continue').describe('What happens to the run when the client disconnects'),
  // issue 19: POST …/invoke answers 202 {run_id, thread_id} at once; follow with GET /runs/{id}(/stream)
  background: z.boolean().default(false).describe('POST …/invoke only: answer 202 {run_id, thread_id} at once and run on'),
  webhook_url: z.url({ protocol: /^https?$/ }).max(2_000).optional().describe("This run's webhook, signed with the agent's webhook secret"),
});
export type InvokeBody = z.infer<typeof invokeBodySchema>;

export const agentIdParams = z.object({ agent_id: z.uuid('agent_id must be a UUID') });

export const usageSchema = z.object({ input_tokens: z.number(), output_tokens: z.number(), total_tokens: z.number() });

export const toolCallSchema = z.object({ call_id: z.string(), tool_name: z.string(), input: z.unknown(), output: z.unknown(), ok: z.boolean() });

export const invokeResponseSchema = z.object({
  run_id: z.string(),
  thread_id: z.string(),
  outcome: z.enum(['completed', 'cancelled', 'failed', 'timed_out', 'interrupted']),
  final_answer: z.string(),
  tool_calls: z.array(toolCallSchema),
  usage: usageSchema.nullable(),
  error: z.object({ code: z.string(), detail: z.string() }).nullable(),
});

/** issue 19: the answer of a background invoke (202). */
export const backgroundRunSchema = z.object({ run_id: z.string(), thread_id: z.string() });
