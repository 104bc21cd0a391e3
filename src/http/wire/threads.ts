import { z } from 'zod';

export const threadParams = z.object({
  agent_id: z.uuid('agent_id must be a UUID'),
  thread_id: z.string().min(1).max(200),
});

export const threadSummarySchema = z.object({
  thread_id: z.string(),
  message_count: z.number(),
  last_message_at: z.string(),
  preview: z.string(),
  title: z.string().describe('The title the user gave the thread, else its first user message (about 60 characters)'),
  running_run_id: z.string().nullable().describe('The run in progress on this thread: join it with GET /runs/{run_id}/stream'),
});

export const threadMessageSchema = z.object({
  message_id: z.string(),
  run_id: z.string().nullable(),
  role: z.enum(['user', 'assistant', 'tool']),
  content: z.string(),
  tool_name: z.string().nullable(),
  tool_call_id: z.string().nullable(),
  tool_input: z.unknown(),
  tool_output: z.unknown(),
  model: z.string().nullable(),
  outcome: z.string().nullable(),
  created_at: z.string(),
});
export type ThreadMessageWire = z.infer<typeof threadMessageSchema>;

/** issue 18: PATCH /agents/{id}/threads/{thread_id}; null goes back to the default title. */
export const renameThreadBodySchema = z
  .object({ title: z.string().trim().min(1).max(200).nullable() })
  .meta({ examples: [{ title: 'Trip to Lisbon' }, { title: null }] });
