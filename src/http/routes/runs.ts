import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { encodeAgentInvokeFrame } from '../sse/agent-invoke-encoder.js';
import { streamRunToResponse } from '../sse/run-stream.js';
import type { SseSettings } from '../sse/sse-settings.js';
import { runDetailSchema, runIdParams, runStreamQuery } from '../wire/runs.js';
import { watcherFor } from './agent-invoke.js';
import { presentRun } from './run-presenter.js';
import { runListQuery, runListResponseSchema } from '../wire/run-list.js';
import { presentRunListItem } from './present-run-list-item.js';

function lastEventId(header: string | string[] | undefined, query: number | undefined): number {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw !== undefined && /^\d+$/.test(raw.trim())) return Number(raw.trim());
  return query ?? 0;
}

export function registerRunRoutes(app: App, services: Services, sse: SseSettings): void {
  // issue 18: the console's runs view
  app.get('/runs', { schema: { summary: "The caller's runs, newest first", querystring: runListQuery, response: { 200: runListResponseSchema } } }, async (request) => {
    const { status, agent_id, limit, before } = request.query;
    const runs = await services.runs.list(request.actor, { status, agentId: agent_id, limit, before });
    return { runs: runs.map(presentRunListItem), next_before: runs.length === limit ? (runs.at(-1)?.runId ?? null) : null };
  });

  app.get('/runs/:run_id', { schema: { summary: 'A run, its outcome and final answer', params: runIdParams, response: { 200: runDetailSchema } } }, async (request) => {
    const run = await services.runs.get(request.actor, request.params.run_id);
    return { ...presentRun(run), final_answer: await services.runAnswers.finalAnswerOf(run) };
  });

  app.get(
    '/runs/:run_id/stream',
    {
      schema: {
        summary: 'Join or resume a run (SSE)',
        description: 'Replays every event after Last-Event-ID (header) or ?last_event_id=, then follows the run live.',
        params: runIdParams,
        querystring: runStreamQuery,
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      await services.runs.get(actor, request.params.run_id);
      reply.hijack();
      const found = await streamRunToResponse({
        res: reply.raw,
        requestId: request.id,
        runLog: watcherFor(services, actor),
        runId: request.params.run_id,
        afterSeq: lastEventId(request.headers['last-event-id'], request.query.last_event_id),
        encode: encodeAgentInvokeFrame,
        settings: sse,
      });
      if (!found) {
        const body = { error: { code: 'NOT_FOUND', message: 'The events of this run are no longer kept; GET /runs/{run_id} has its outcome' } };
        reply.raw.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': request.id }).end(JSON.stringify(body));
      }
    },
  );

  app.post('/runs/:run_id/cancel', { schema: { summary: 'Cancel a run', params: runIdParams } }, async (request, reply) => {
    const run = await services.runs.cancel(request.actor, request.params.run_id);
    void reply.code(202);
    return { run_id: run.runId, status: run.status === 'running' ? 'cancelling' : run.status };
  });
}
