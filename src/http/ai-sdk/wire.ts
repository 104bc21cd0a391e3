import { z } from 'zod';

/** AI SDK 6 UI message stream wire (`x-vercel-ai-ui-message-stream: v1`): what useChat's DefaultChatTransport sends and reads. */

const MAX_TEXT_CHARS = 200_000;

const uiPartSchema = z.object({ type: z.string().max(100), text: z.string().max(MAX_TEXT_CHARS).optional() }).passthrough();

export const uiMessageSchema = z
  .object({
    id: z.string().max(200).optional(),
    role: z.enum(['system', 'user', 'assistant']),
    parts: z.array(uiPartSchema).max(1_000),
  })
  .passthrough();
export type UiMessage = z.infer<typeof uiMessageSchema>;

/** DefaultChatTransport's body: `id` is the chat id (used as the thread), only the last user message is new. */
export const chatBodySchema = z
  .object({
    id: z.string().min(1).max(200).describe('Chat id: the thread the conversation is kept in'),
    messages: z.array(uiMessageSchema).min(1, 'messages must not be empty').max(1_000),
    trigger: z.enum(['submit-message', 'regenerate-message']).optional(),
    messageId: z.string().max(200).nullish(),
  })
  .passthrough()
  .meta({
    examples: [{ id: 'chat-1', trigger: 'submit-message', messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Hello' }] }] }],
  });
export type ChatBody = z.infer<typeof chatBodySchema>;

export const chatParams = z.object({ agent_id: z.uuid('agent_id must be a UUID') });
export const chatStreamParams = z.object({ agent_id: z.uuid('agent_id must be a UUID'), chat_id: z.string().min(1).max(200) });
export const stopResponseSchema = z.object({ run_id: z.string(), cancelled: z.literal(true) });

/** The parts this server writes, one per `data:` frame (documented in /openapi.json; `data: [DONE]` ends the stream). */
export const uiMessageChunkSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), messageId: z.string().describe('The run id') }),
  z.object({ type: z.literal('start-step') }),
  z.object({ type: z.literal('finish-step') }),
  z.object({ type: z.literal('text-start'), id: z.string() }),
  z.object({ type: z.literal('text-delta'), id: z.string(), delta: z.string() }),
  z.object({ type: z.literal('text-end'), id: z.string() }),
  z.object({ type: z.literal('tool-input-available'), toolCallId: z.string(), toolName: z.string(), input: z.unknown(), dynamic: z.literal(true), providerExecuted: z.literal(true) }),
  z.object({ type: z.literal('tool-output-available'), toolCallId: z.string(), output: z.unknown(), dynamic: z.literal(true), providerExecuted: z.literal(true) }),
  z.object({ type: z.literal('tool-output-error'), toolCallId: z.string(), errorText: z.string(), dynamic: z.literal(true), providerExecuted: z.literal(true) }),
  z.object({
    type: z.literal('data-status'),
    id: z.literal('status'),
    data: z.object({ status: z.string(), run_id: z.string().optional(), thread_id: z.string().optional(), model: z.string().optional() }),
  }),
  z.object({ type: z.literal('error'), errorText: z.string() }),
  z.object({ type: z.literal('finish'), finishReason: z.enum(['stop', 'error']) }),
  z.object({ type: z.literal('abort'), reason: z.string() }),
]);
