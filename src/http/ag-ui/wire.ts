import { z } from 'zod';

/** AG-UI 1.0 `RunAgentInput` as `@ag-ui/client`'s HttpAgent posts it; bounded, unknown keys kept (decision 1200). */

const MAX_TEXT_CHARS = 200_000;

const contentPartSchema = z.object({ type: z.string().max(100), text: z.string().max(MAX_TEXT_CHARS).optional() }).passthrough();

export const agUiMessageSchema = z
  .object({
    id: z.string().max(200),
    role: z.enum(['developer', 'system', 'assistant', 'user', 'tool', 'activity', 'reasoning']),
    content: z.union([z.string().max(MAX_TEXT_CHARS), z.array(contentPartSchema).max(1_000)]).nullish(),
  })
  .passthrough();
export type AgUiMessage = z.infer<typeof agUiMessageSchema>;

export const runAgentInputSchema = z
  .object({
    threadId: z.string().min(1).max(200).describe('The Switchboard thread: memory is kept per (agent, user, thread)'),
    runId: z.string().max(200).describe("The client's id for the run; the run's id is Switchboard's (RUN_STARTED.runId)"),
    protocolVersion: z.string().max(20).optional(),
    parentRunId: z.string().max(200).optional(),
    messages: z.array(agUiMessageSchema).min(1, 'messages must hold the user message to answer').max(1_000),
    tools: z.array(z.object({ name: z.string().max(200) }).passthrough()).max(200).optional(),
    context: z.array(z.object({ description: z.string().max(5_000), value: z.string().max(MAX_TEXT_CHARS) })).max(100).optional(),
    state: z.unknown().optional(),
    forwardedProps: z.unknown().optional(),
    resume: z.array(z.object({ interruptId: z.string().max(200), status: z.enum(['resolved', 'cancelled']) }).passthrough()).max(100).optional(),
  })
  .passthrough()
  .meta({
    examples: [{ threadId: 'thread-1', runId: 'client-run-1', messages: [{ id: 'm1', role: 'user', content: 'Hello' }], tools: [], context: [] }],
  });
export type RunAgentInputBody = z.infer<typeof runAgentInputSchema>;

export const agUiAgentParams = z.object({ agent_id: z.uuid('agent_id must be a UUID') });
export const agUiRunParams = z.object({ run_id: z.string().min(1).max(100) });
export const agUiResumeQuery = z.object({
  last_event_id: z
    .string()
    .regex(/^\d{1,15}(:\d{1,4})?$/, 'last_event_id is a frame id: <seq> or <seq>:<index>')
    .optional()
    .describe('Same as the Last-Event-ID header, for clients that cannot set headers'),
});

/** Documents one `data:` frame (the routes write the raw response themselves). */
export const agUiEventFrameSchema = z
  .object({ type: z.string().describe('RUN_STARTED, TEXT_MESSAGE_*, TOOL_CALL_*, CUSTOM, RUN_FINISHED or RUN_ERROR') })
  .passthrough()
  .describe('One AG-UI 1.0 event per `data:` frame; `id:` = the run event\'s sequence number (`seq:index` on all but its last AG-UI event)');
