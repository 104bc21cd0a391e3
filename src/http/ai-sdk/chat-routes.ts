import { z } from 'zod';
import type { Actor } from '../../domain/index.js';
import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { watcherFor } from '../routes/agent-invoke.js';
import { streamRunToResponse } from '../sse/run-stream.js';
import type { SseSettings } from '../sse/sse-settings.js';
import { lastUserText } from './last-user-text.js';
import { createUiMessageEncoder } from './ui-message-encoder.js';
import { chatBodySchema, chatParams, chatStreamParams, stopResponseSchema, uiMessageChunkSchema } from './wire.js';

const STREAM_DESCRIPTION =
  'AI SDK UI message stream v1 (`x-vercel-ai-ui-message-stream: v1`): `data: {part}` frames (schema: UiMessageChunk) ending in `data: [DONE]`.';

/** Documents the stream: each `data:` frame is one of these parts (the route writes the raw response itself). */
const streamFrameSchema = uiMessageChunkSchema.describe('One `data:` frame of the UI message stream; `data: [DONE]` ends it');

/** The run going on a chat (= thread) of this caller, if any: the thread list's lock holder. */
async function runningRunOf(services: Services, actor: Actor, agentId: string, chatId: string): Promise<string | null> {
  const threads = await services.threads.list(actor, agentId);
  return threads.find((thread) => thread.threadId === chatId)?.runningRunId ?? null;
}

/** useChat's endpoints: send (POST), resume (GET …/stream, 204 when idle) and stop (decision 1101). */
export function registerAiSdkChatRoutes(app: App, services: Services, sse: SseSettings): void {
  const stream = (res: Parameters<typeof streamRunToResponse>[0]['res'], requestId: string, runLog: Parameters<typeof streamRunToResponse>[0]['runLog'], runId: string) => {
    res.setHeader('x-vercel-ai-ui-message-stream', 'v1');
    res.setHeader('x-run-id', runId);
    return streamRunToResponse({ res, requestId, runLog, runId, afterSeq: 0, encode: createUiMessageEncoder(), settings: sse, surface: 'ai-sdk' });
  };

  app.post(
    '/agents/:agent_id/chat',
    {
      schema: {
        summary: 'AI SDK useChat: send a message and stream the reply',
        description: `${STREAM_DESCRIPTION} The chat id is the thread; only the last user message is new. A disconnect does not stop the run (resume with GET …/chat/{chat_id}/stream; stop with POST …/stop).`,
        tags: ['ai-sdk'],
        params: chatParams,
        body: chatBodySchema,
        produces: ['text/event-stream'],
        response: { 200: streamFrameSchema },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const started = await services.invoke.start(actor, request.params.agent_id, {
        message: lastUserText(request.body.messages),
        context: '',
        threadId: request.body.id,
        resetMemory: false,
        loadFromJson: false,
        agentStyle: '',
        agentDraft: null,
        surface: 'ai-sdk',
      });
      reply.hijack();
      await stream(reply.raw, request.id, { subscribe: (_runId, afterSeq, listener) => started.subscribe(afterSeq, listener) }, started.runId);
    },
  );

  app.get(
    '/agents/:agent_id/chat/:chat_id/stream',
    {
      schema: {
        summary: 'AI SDK useChat resume: replay the running reply from its start and follow it',
        description: `${STREAM_DESCRIPTION} 204 when nothing runs on this chat.`,
        tags: ['ai-sdk'],
        params: chatStreamParams,
        produces: ['text/event-stream'],
        response: { 200: streamFrameSchema, 204: z.null().describe('Nothing runs on this chat') },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const runId = await runningRunOf(services, actor, request.params.agent_id, request.params.chat_id);
      if (!runId) return reply.code(204).send(null);
      reply.hijack();
      const found = await stream(reply.raw, request.id, watcherFor(services, actor), runId);
      if (!found) reply.raw.writeHead(204).end(); // ended and expired meanwhile: nothing to resume
      return reply;
    },
  );

  app.post(
    '/agents/:agent_id/chat/:chat_id/stop',
    {
      schema: {
        summary: 'AI SDK useChat stop: cancel the reply running on this chat (204 when nothing runs)',
        tags: ['ai-sdk'],
        params: chatStreamParams,
        response: { 200: stopResponseSchema, 204: z.null().describe('Nothing runs on this chat') },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const runId = await runningRunOf(services, actor, request.params.agent_id, request.params.chat_id);
      if (!runId) return reply.code(204).send(null);
      await services.runs.cancel(actor, runId);
      return { run_id: runId, cancelled: true as const };
    },
  );
}
