import { z } from 'zod';

/** OpenAI Chat Completions wire (the subset an agent can honour); unknown sampling fields are accepted and ignored. */

const MAX_TEXT_CHARS = 200_000;

const textPart = z.object({ type: z.literal('text'), text: z.string().max(MAX_TEXT_CHARS) });
/** Image, audio and file parts are named so the error can say they are not supported. */
const otherPart = z.object({ type: z.string().max(50) }).passthrough();

export const chatContentSchema = z.union([z.string().max(MAX_TEXT_CHARS), z.array(z.union([textPart, otherPart])).max(100)]).nullish();

export const chatMessageSchema = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
    content: chatContentSchema,
    name: z.string().max(200).optional(),
    tool_call_id: z.string().max(200).optional(),
  })
  .passthrough();
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const chatCompletionBodySchema = z
  .object({
    model: z.string().min(1).max(300).describe('`agent/<agent_id>` (GET /v1/models lists them)'),
    messages: z.array(chatMessageSchema).min(1, 'messages must not be empty').max(1_000),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().nullish() }).passthrough().nullish(),
    metadata: z.record(z.string().max(64), z.string().max(512)).nullish().describe('`thread_id` keeps the conversation in that thread (like X-Thread-Id)'),
    user: z.string().max(256).optional(),
  })
  .passthrough()
  .meta({
    examples: [
      { model: 'agent/00000000-0000-4000-8000-000000000000', messages: [{ role: 'user', content: 'Hello' }], stream: true, stream_options: { include_usage: true } },
    ],
  });
export type ChatCompletionBody = z.infer<typeof chatCompletionBodySchema>;

export const threadIdHeaderSchema = z.object({
  'x-thread-id': z.string().min(1).max(200).optional().describe('Use and store the memory of this thread (default: stateless, the messages are the history)'),
});

export const modelSchema = z.object({ id: z.string(), object: z.literal('model'), created: z.number(), owned_by: z.string(), name: z.string() });
export const modelListSchema = z.object({ object: z.literal('list'), data: z.array(modelSchema) });
export const modelParams = z.object({ model: z.string().max(300) });

export const chatUsageSchema = z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() });

/** Server-side tool activity and run ids: an extension field OpenAI clients ignore. */
export const switchboardExtensionSchema = z
  .object({ run_id: z.string().optional(), thread_id: z.string().optional(), tool_calls: z.array(z.unknown()).optional(), tool_status: z.unknown().optional() })
  .describe('Switchboard extension: server-side tool activity (never client tool calls) and the run id');

export const chatCompletionSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number(),
  model: z.string(),
  system_fingerprint: z.null(),
  choices: z.array(
    z.object({
      index: z.number(),
      message: z.object({ role: z.literal('assistant'), content: z.string(), refusal: z.null() }),
      logprobs: z.null(),
      finish_reason: z.enum(['stop', 'length']),
    }),
  ),
  usage: chatUsageSchema,
  switchboard: switchboardExtensionSchema,
});

/** One `data:` frame of the stream (documented in /openapi.json; `data: [DONE]` ends it). */
export const chatCompletionChunkSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.number(),
  model: z.string(),
  system_fingerprint: z.null(),
  choices: z.array(
    z.object({
      index: z.number(),
      delta: z.object({ role: z.literal('assistant').optional(), content: z.string().optional() }),
      logprobs: z.null(),
      finish_reason: z.enum(['stop', 'length']).nullable(),
    }),
  ),
  usage: chatUsageSchema.nullable().optional(),
  switchboard: switchboardExtensionSchema.optional(),
});

export const openAiErrorSchema = z.object({
  error: z.object({ message: z.string(), type: z.string(), param: z.string().nullable(), code: z.string().nullable() }).passthrough(),
});
