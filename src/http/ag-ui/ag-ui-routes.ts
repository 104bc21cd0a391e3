import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { watcherFor } from '../routes/agent-invoke.js';
import { streamRunToResponse } from '../sse/run-stream.js';
import type { SseSettings } from '../sse/sse-settings.js';
import { InvalidInputError } from '../../domain/index.js';
import { createAgUiEncoder, createResumingAgUiEncoder, parseStreamPosition, type StreamPosition } from './ag-ui-encoder.js';
import { runAgentInputToCommand } from './run-agent-input-to-command.js';
import { agUiAgentParams, agUiEventFrameSchema, agUiResumeQuery, agUiRunParams, runAgentInputSchema } from './wire.js';

const STREAM_DESCRIPTION =
  'AG-UI 1.0 event stream: one JSON event per `data:` frame (RUN_STARTED, TEXT_MESSAGE_START|CONTENT|END, TOOL_CALL_START|ARGS|END|RESULT, CUSTOM `switchboard.status` / `switchboard.block`, then RUN_FINISHED or RUN_ERROR). Every frame has an `id:`: the run sequence number, `seq:index` on all but the last frame of one run event; keep the last one to resume.';

/** Where to resume: Last-Event-ID (header) or ?last_event_id=, else the start; a malformed id is a 400. */
function resumePosition(header: string | string[] | undefined, query: string | undefined): StreamPosition {
  const raw = (Array.isArray(header) ? header[0] : header) ?? query;
  if (raw === undefined || raw.trim() === '') return { seq: 0 };
  const position = parseStreamPosition(raw);
  if (!position) throw new InvalidInputError('Last-Event-ID must be a frame id of this stream: <seq> or <seq>:<index>');
  return position;
}

/** AG-UI: run an agent (POST, `threadId` = thread) and resume its stream after a cut (GET with Last-Event-ID). */
export function registerAgUiRoutes(app: App, services: Services, sse: SseSettings): void {
  app.post(
    '/ag-ui/agents/:agent_id',
    {
      schema: {
        summary: 'AG-UI 1.0: run an agent (RunAgentInput in, AG-UI events out as SSE)',
        description: `${STREAM_DESCRIPTION} RUN_STARTED.runId is the Switchboard run id (also in the x-run-id header). A disconnect does not stop the run: resume with GET /ag-ui/runs/{run_id}/stream and Last-Event-ID; cancel with POST /runs/{run_id}/cancel.`,
        tags: ['ag-ui'],
        params: agUiAgentParams,
        body: runAgentInputSchema,
        produces: ['text/event-stream'],
        response: { 200: agUiEventFrameSchema },
      },
    },
    async (request, reply) => {
      const started = await services.invoke.start(request.actor, request.params.agent_id, runAgentInputToCommand(request.body));
      reply.hijack();
      reply.raw.setHeader('x-run-id', started.runId);
      await streamRunToResponse({
        res: reply.raw,
        requestId: request.id,
        runLog: { subscribe: (_runId, afterSeq, listener) => started.subscribe(afterSeq, listener) },
        runId: started.runId,
        afterSeq: 0,
        encode: createAgUiEncoder(),
        settings: sse,
        surface: 'ag-ui',
      });
    },
  );

  app.get(
    '/ag-ui/runs/:run_id/stream',
    {
      schema: {
        summary: 'AG-UI 1.0: resume a run’s event stream after Last-Event-ID',
        description: `${STREAM_DESCRIPTION} Sends every frame after the one whose id is Last-Event-ID (header) or ?last_event_id= exactly once, then follows the run live; without an id, the whole run from RUN_STARTED.`,
        tags: ['ag-ui'],
        params: agUiRunParams,
        querystring: agUiResumeQuery,
        produces: ['text/event-stream'],
        response: { 200: agUiEventFrameSchema },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      await services.runs.get(actor, request.params.run_id);
      const after = resumePosition(request.headers['last-event-id'], request.query.last_event_id);
      reply.hijack();
      reply.raw.setHeader('x-run-id', request.params.run_id);
      const found = await streamRunToResponse({
        res: reply.raw,
        requestId: request.id,
        runLog: watcherFor(services, actor),
        runId: request.params.run_id,
        // the encoder is rebuilt from the run's first event; what the client has is filtered out
        afterSeq: 0,
        encode: createResumingAgUiEncoder(after),
        settings: sse,
        surface: 'ag-ui',
      });
      if (!found) {
        const body = { error: { code: 'NOT_FOUND', message: 'The events of this run are no longer kept; GET /runs/{run_id} has its outcome' } };
        reply.raw.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': request.id }).end(JSON.stringify(body));
      }
    },
  );
}
