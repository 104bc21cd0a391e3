import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { InvalidInputError, NotFoundError, type Actor } from '../../domain/index.js';
import { readRunResult } from '../../services/run-result.js';
import type { InvokeCommand } from '../../services/invoke-command.js';
import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { streamRunToResponse } from '../sse/run-stream.js';
import type { SseSettings } from '../sse/sse-settings.js';
import { createChatChunkEncoder, statusForRunError, toChatUsage } from './chat-chunk-encoder.js';
import { messagesToTurn } from './messages-to-turn.js';
import { agentIdOfModel } from './model-id.js';
import { openAiError } from './openai-error.js';
import { chatCompletionBodySchema, chatCompletionChunkSchema, chatCompletionSchema, openAiErrorSchema, threadIdHeaderSchema, type ChatCompletionBody } from './wire.js';

/** A thread named by the caller keeps memory; otherwise each request gets a fresh internal thread (decision 1100). */
function threadFor(body: ChatCompletionBody, header: string | undefined): { threadId: string; stateless: boolean } {
  const named = header ?? body.metadata?.thread_id;
  if (named !== undefined && named !== '') {
    if (named.length > 200) throw new InvalidInputError('metadata.thread_id: at most 200 characters');
    return { threadId: named, stateless: false };
  }
  return { threadId: `openai-${randomUUID()}`, stateless: true };
}

function commandFor(body: ChatCompletionBody, header: string | undefined): InvokeCommand {
  const { threadId, stateless } = threadFor(body, header);
  const turn = messagesToTurn(body.messages, { stateless });
  return { message: turn.message, context: turn.context, threadId, resetMemory: false, loadFromJson: false, agentStyle: '', agentDraft: null, surface: 'openai' };
}

export function registerChatCompletionRoutes(app: App, services: Services, sse: SseSettings): void {
  const cancelQuietly = (actor: Actor, runId: string) => void services.runs.cancel(actor, runId).catch(() => undefined);

  app.post(
    '/chat/completions',
    {
      schema: {
        summary: 'OpenAI Chat Completions: run an agent (model `agent/<agent_id>`)',
        description:
          'Stateless unless a thread is named (X-Thread-Id or metadata.thread_id). `stream: true` answers with `chat.completion.chunk` SSE frames (schema: ChatCompletionChunk) ending in `data: [DONE]`; closing the connection cancels the run.',
        tags: ['openai'],
        headers: threadIdHeaderSchema,
        body: chatCompletionBodySchema,
        produces: ['application/json', 'text/event-stream'],
        response: { 200: z.union([chatCompletionSchema, chatCompletionChunkSchema]).describe('`chat.completion` (JSON), or with `stream: true` SSE `data:` frames of `chat.completion.chunk` ending in `data: [DONE]`'), 400: openAiErrorSchema, 401: openAiErrorSchema, 404: openAiErrorSchema, 409: openAiErrorSchema, 429: openAiErrorSchema, 500: openAiErrorSchema, 502: openAiErrorSchema, 504: openAiErrorSchema },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { body } = request;
      const agentId = agentIdOfModel(body.model);
      if (!agentId) throw new NotFoundError(`The model "${body.model}" does not exist; GET /v1/models lists the agents you can use`);
      const started = await services.invoke.start(actor, agentId, commandFor(body, request.headers['x-thread-id']));
      const completionId = `chatcmpl-${started.runId}`;
      const createdSeconds = Math.floor(Date.now() / 1000);
      const subscribe = (afterSeq: number, listener: Parameters<typeof started.subscribe>[1]) => started.subscribe(afterSeq, listener);

      if (body.stream) {
        reply.raw.setHeader('x-run-id', started.runId);
        reply.raw.setHeader('x-thread-id', started.threadId);
        reply.hijack();
        await streamRunToResponse({
          res: reply.raw,
          requestId: request.id,
          runLog: { subscribe: (_runId, afterSeq, listener) => subscribe(afterSeq, listener) },
          runId: started.runId,
          afterSeq: 0,
          encode: createChatChunkEncoder({ completionId, model: body.model, createdSeconds, includeUsage: body.stream_options?.include_usage === true }),
          settings: sse,
          surface: 'openai',
          // OpenAI clients stop generation by closing the connection
          onClientGone: () => cancelQuietly(actor, started.runId),
        });
        return reply;
      }

      const gone = new AbortController();
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) gone.abort(new Error('client gone'));
      });
      let result;
      try {
        result = await readRunResult(subscribe, gone.signal);
      } catch (error) {
        if (gone.signal.aborted) {
          cancelQuietly(actor, started.runId);
          return reply;
        }
        throw error;
      }
      void reply.header('x-run-id', started.runId).header('x-thread-id', started.threadId);
      if (result.outcome !== 'completed') {
        const status = statusForRunError(result.error?.code ?? null);
        const failure = openAiError(status, result.error?.detail ?? `The run ended: ${result.outcome}`, { run_id: started.runId, outcome: result.outcome }, result.error?.code ?? result.outcome);
        // the turn was taken: an SDK retry would run it again
        return reply.code(status as 500 | 502 | 504).header('x-should-retry', 'false').send(failure.body);
      }
      return {
        id: completionId,
        object: 'chat.completion' as const,
        created: createdSeconds,
        model: body.model,
        system_fingerprint: null,
        choices: [{ index: 0, message: { role: 'assistant' as const, content: result.finalAnswer, refusal: null }, logprobs: null, finish_reason: 'stop' as const }],
        usage: toChatUsage(result.usage),
        switchboard: {
          run_id: started.runId,
          thread_id: started.threadId,
          tool_calls: result.toolCalls.map((c) => ({ call_id: c.callId, tool_name: c.toolName, input: c.input, output: c.output, ok: c.ok })),
        },
      };
    },
  );
}
