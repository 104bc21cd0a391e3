import { A2A_VERSION_HEADER, formatSSEErrorEvent, formatSSEEvent } from '@a2a-js/sdk';
import { JsonRpcTransportHandler, ServerCallContext, validateVersion } from '@a2a-js/sdk/server';
import type { FastifyRequest } from 'fastify';
import { agentAllows, NotFoundError, type Actor } from '../../domain/index.js';
import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { openSseResponse, PING_LINE } from '../sse/run-stream.js';
import type { SseSettings } from '../sse/sse-settings.js';
import type { HeartbeatTarget } from '../sse/heartbeat.js';
import { agentCardJson, agentCardOf } from './agent-card.js';
import { withA2aErrors } from './a2a-errors.js';
import { createSwitchboardRequestHandler } from './switchboard-request-handler.js';
import { a2aAgentParams, a2aCardSchema, a2aJsonRpcBodySchema } from './wire.js';

const baseUrlOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** The agent, if the caller may run it (404 otherwise, as for every agent route). */
async function invocableAgent(services: Services, actor: Actor, agentId: string) {
  const view = await services.agents.info(actor, agentId);
  if (!agentAllows(view.relation, 'invoke')) throw new NotFoundError('Agent not found');
  return view.agent;
}

/** A2A 1.0: Agent Cards and the JSON-RPC binding; the SDK's JsonRpcTransportHandler parses and serialises (decision 1202). */
export function registerA2aRoutes(app: App, services: Services, sse: SseSettings): void {
  app.get('/a2a/agents', { schema: { summary: 'A2A: the Agent Cards of every agent the caller may run', tags: ['a2a'] } }, async (request) => {
    const views = await services.agents.list(request.actor);
    return views.filter((view) => agentAllows(view.relation, 'invoke')).map((view) => agentCardJson(agentCardOf(view.agent, baseUrlOf(request))));
  });

  app.get(
    '/a2a/agents/:agent_id/.well-known/agent-card.json',
    { schema: { summary: 'A2A: the Agent Card of one agent', tags: ['a2a'], params: a2aAgentParams, response: { 200: a2aCardSchema } } },
    async (request) => agentCardJson(agentCardOf(await invocableAgent(services, request.actor, request.params.agent_id), baseUrlOf(request))),
  );

  app.post(
    '/a2a/agents/:agent_id',
    {
      schema: {
        summary: 'A2A 1.0 JSON-RPC: SendMessage, SendStreamingMessage, GetTask, CancelTask, SubscribeToTask, ListTasks',
        description: 'Task = run, contextId = thread. The streaming methods answer SSE, one JSON-RPC response (a StreamResponse) per `data:` frame.',
        tags: ['a2a'],
        params: a2aAgentParams,
        body: a2aJsonRpcBodySchema,
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const agent = await invocableAgent(services, actor, request.params.agent_id);
      const card = agentCardOf(agent, baseUrlOf(request));
      const gone = new AbortController();
      reply.raw.once('close', () => gone.abort());
      const handler = withA2aErrors(createSwitchboardRequestHandler({ services, actor, agentId: agent.agentId, card: async () => card, abortSignal: gone.signal }), (error) =>
        request.log.error({ err: error }, 'A2A request failed'),
      );
      const body = request.body as { id?: string | number | null };
      const versionHeader = request.headers[A2A_VERSION_HEADER.toLowerCase()];
      const context = new ServerCallContext({ requestedVersion: (Array.isArray(versionHeader) ? versionHeader[0] : versionHeader) || undefined });
      try {
        validateVersion(context.requestedVersion, card, 'JSONRPC');
      } catch (error) {
        return { jsonrpc: '2.0', id: body.id ?? null, error: JsonRpcTransportHandler.mapToJSONRPCError(error) };
      }
      const answer = await new JsonRpcTransportHandler(handler).handle(request.body as Record<string, unknown>, context);
      if (!(Symbol.asyncIterator in answer)) return answer;

      // a stream: SSE, one JSON-RPC response per frame; a disconnect stops only this stream, never the run
      const iterator = answer[Symbol.asyncIterator]();
      let first: IteratorResult<unknown>;
      try {
        first = await iterator.next(); // an error before the first event (busy thread, no such task) is a plain JSON-RPC error
      } catch (error) {
        return { jsonrpc: '2.0', id: body.id ?? null, error: JsonRpcTransportHandler.mapToJSONRPCError(error) };
      }
      reply.hijack();
      const res = reply.raw;
      let closed = false;
      res.on('close', () => {
        closed = true;
      });
      openSseResponse(res, request.id, sse.retryMs);
      const target: HeartbeatTarget = { lastWriteAt: Date.now(), ping: () => void res.write(PING_LINE) };
      const slot = sse.heartbeat.add(target);
      const openedAtMs = Date.now();
      let events = 0;
      sse.metrics.streamOpened('a2a');
      try {
        for (let next = first; !next.done && !closed; next = await iterator.next()) {
          target.lastWriteAt = Date.now();
          events++;
          res.write(formatSSEEvent(next.value));
        }
      } catch (error) {
        if (!closed) res.write(formatSSEErrorEvent({ jsonrpc: '2.0', id: body.id ?? null, error: JsonRpcTransportHandler.mapToJSONRPCError(error) }));
      } finally {
        sse.heartbeat.remove(slot, target);
        sse.metrics.streamClosed({ surface: 'a2a', durationMs: Date.now() - openedAtMs, events });
        await iterator.return?.(undefined); // ends the run subscription if the client left mid-stream
        if (!closed) res.end();
      }
    },
  );
}
