import type { Actor, SequencedEvent } from '../../domain/index.js';
import { readRunResult } from '../../services/run-result.js';
import type { InvokeCommand } from '../../services/invoke-command.js';
import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { encodeAgentInvokeFrame } from '../sse/agent-invoke-encoder.js';
import { streamRunToResponse } from '../sse/run-stream.js';
import type { SseSettings } from '../sse/sse-settings.js';
import { agentIdParams, backgroundRunSchema, invokeBodySchema, invokeResponseSchema, type InvokeBody } from '../wire/invoke.js';
import { InvalidInputError } from '../../domain/index.js';

function toCommand(agentId: string, body: InvokeBody): InvokeCommand {
  const draft = body.agent_config;
  if (body.metadata.load_from_json && draft?.agent_id !== undefined && draft.agent_id !== agentId) {
    throw new InvalidInputError('agent_config.agent_id does not match the agent in the URL');
  }
  return {
    message: body.input.messages,
    context: body.input.context,
    threadId: body.config.configurable.thread_id,
    modelName: body.metadata.model_name ?? undefined,
    resetMemory: body.metadata.reset_memory,
    loadFromJson: body.metadata.load_from_json,
    agentStyle: body.metadata.agent_style,
    agentDraft:
      body.metadata.load_from_json && draft
        ? {
            agentName: draft.agent_name,
            description: draft.description ?? undefined,
            agentStyle: draft.agent_style ?? undefined,
            modelName: draft.model_name,
            tools: draft.tools,
          }
        : null,
    surface: 'agent-invoke',
    webhookUrl: body.webhook_url,
  };
}

/** The run log as seen by one caller: access is checked by the run service. */
export function watcherFor(services: Services, actor: Actor) {
  return { subscribe: (runId: string, afterSeq: number, listener: (entry: SequencedEvent) => void) => services.runs.watch(actor, runId, afterSeq, listener) };
}

export function registerInvokeRoutes(app: App, services: Services, sse: SseSettings): void {
  app.post(
    '/agent-invoke/:agent_id/invoke-stream',
    {
      schema: {
        summary: 'Invoke an agent and stream its reply (SSE)',
        description: 'Events: status, token, tool_status, error, end. Every frame has `id:` = sequence number; resume with GET /runs/{run_id}/stream.',
        params: agentIdParams,
        body: invokeBodySchema,
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (request.body.background) throw new InvalidInputError('background: true belongs to POST /agent-invoke/{agent_id}/invoke (202); this route streams the run');
      const started = await services.invoke.start(actor, request.params.agent_id, toCommand(request.params.agent_id, request.body));
      reply.hijack();
      await streamRunToResponse({
        res: reply.raw,
        requestId: request.id,
        runLog: { subscribe: (_runId, afterSeq, listener) => started.subscribe(afterSeq, listener) },
        runId: started.runId,
        afterSeq: 0,
        encode: encodeAgentInvokeFrame,
        settings: sse,
        onClientGone: request.body.on_disconnect === 'cancel' ? () => void services.runs.cancel(actor, started.runId).catch(() => undefined) : undefined,
      });
    },
  );

  app.post(
    '/agent-invoke/:agent_id/invoke',
    {
      schema: {
        summary: 'Invoke an agent and wait for the whole reply (JSON)',
        params: agentIdParams,
        body: invokeBodySchema,
        response: { 200: invokeResponseSchema, 202: backgroundRunSchema },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const started = await services.invoke.start(actor, request.params.agent_id, toCommand(request.params.agent_id, request.body));
      // issue 19: the run goes on by itself (nothing here waits on it); GET /runs/{id}(/stream) follows it
      if (request.body.background) return reply.code(202).send({ run_id: started.runId, thread_id: started.threadId });
      const result = await readRunResult((afterSeq, listener) => started.subscribe(afterSeq, listener));
      return {
        run_id: started.runId,
        thread_id: started.threadId,
        outcome: result.outcome,
        final_answer: result.finalAnswer,
        tool_calls: result.toolCalls.map((c) => ({ call_id: c.callId, tool_name: c.toolName, input: c.input, output: c.output, ok: c.ok })),
        usage: result.usage,
        error: result.error,
      };
    },
  );
}
