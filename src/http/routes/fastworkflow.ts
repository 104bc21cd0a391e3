import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FwFailure, internalErrorDetail } from '../../services/fastworkflow-failure.js';
import type { FwTurn } from '../../services/fastworkflow-turn.js';
import { collectFwTurn } from '../../services/fastworkflow-turn.js';
import type { FwAddress } from '../../services/fastworkflow.js';
import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { toErrorResponse } from '../error-response.js';
import { createFastworkflowFrameEncoder, fastworkflowErrorFrame } from '../sse/fastworkflow-encoder.js';
import { openSseResponse, streamRunToResponse } from '../sse/run-stream.js';
import type { SseSettings } from '../sse/sse-settings.js';
import {
  fwActivateBodySchema,
  fwConversationSchema,
  fwDetailSchema,
  fwFeedbackBodySchema,
  fwInitializeBodySchema,
  fwInitializeResponseSchema,
  fwInvokeBodySchema,
  fwInvokeResponseSchema,
  fwStatusResponseSchema,
  fwUserBodySchema,
  fwUserQuerySchema,
  type FwInvokeBody,
} from '../wire/fastworkflow.js';

const TAG = ['fastworkflow'];
const DOCS = 'Same bearer token as the rest of the API. Client examples (curl, browser fetch + reader, Node): docs/fastworkflow.md.';
const errorResponses = { 404: fwDetailSchema, 409: fwDetailSchema, 500: fwDetailSchema };

function fwUserIdOf(request: FastifyRequest): string {
  const from = (value: unknown) => (value && typeof value === 'object' && 'user_id' in value ? String(value.user_id) : undefined);
  return from(request.body) ?? from(request.query) ?? '';
}

/**
 * This surface answers errors as FastAPI did: `{"detail": "<string>"}` (seed-systems A.2). Validation
 * errors are 422 like the original; unexpected ones become the seed's `Internal error in <endpoint>()…`.
 */
function fwErrorHandler(endpoint: string) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    const fwUserId = fwUserIdOf(request);
    if (error instanceof FwFailure) {
      if (error.detail === null) request.log.error({ err: error.cause ?? error }, `${endpoint} failed`);
      void reply.code(error.status).send({ detail: error.detail ?? internalErrorDetail(endpoint, fwUserId) });
      return;
    }
    const response = toErrorResponse(error);
    if (response.status >= 500) {
      request.log.error({ err: error }, `${endpoint} failed`);
      void reply.code(500).send({ detail: internalErrorDetail(endpoint, fwUserId) });
      return;
    }
    const status = hasZodFastifySchemaValidationErrors(error) ? 422 : response.status;
    void reply.code(status).headers(response.headers).send({ detail: response.body.error.message });
  };
}

function address(body: { user_id: string; owner_user_id?: string | undefined }): FwAddress {
  return { fwUserId: body.user_id, ownerUserId: body.owner_user_id };
}

function turnInput(body: FwInvokeBody) {
  return { ...address(body), userQuery: body.user_query, timeoutSeconds: body.timeout_seconds };
}

export function registerFastworkflowRoutes(app: App, services: Services, sse: SseSettings): void {
  const fw = services.fastworkflow;

  app.post(
    '/initialize',
    {
      schema: {
        tags: TAG,
        summary: 'Start (or find) the session of a fastworkflow user, bound to an agent',
        description: `Idempotent: an existing session is returned unchanged. ${DOCS}`,
        body: fwInitializeBodySchema,
        response: { 200: fwInitializeResponseSchema, 403: fwDetailSchema, ...errorResponses },
      },
      errorHandler: fwErrorHandler('initialize'),
    },
    async (request) => {
      const body = request.body;
      const result = await fw.initialize(request.actor, {
        ...address(body),
        agentId: body.agent_id,
        context: body.context,
        showAgentTraces: body.show_agent_traces,
        conversationId: body.conversation_id ?? undefined,
      });
      return { user_id: result.userId };
    },
  );

  app.post(
    '/invoke_agent_stream',
    {
      schema: {
        tags: TAG,
        summary: 'Run one turn and stream it (SSE: trace, command_output, error)',
        description:
          'Always HTTP 200 with `text/event-stream` once the body is valid: `trace` events (two per tool call, if the session shows traces), ' +
          'then `command_output`, or a final `error` `{"detail"}` (unknown session, a turn already in progress, timeout, internal error). ' +
          `Frames carry \`id:\` = the run's sequence number. Use fetch + a stream reader, not EventSource (it cannot POST). ${DOCS}`,
        body: fwInvokeBodySchema,
      },
      errorHandler: fwErrorHandler('invoke_agent_stream'),
    },
    async (request, reply) => {
      let turn: FwTurn;
      try {
        turn = await fw.startTurn(request.actor, turnInput(request.body));
      } catch (error) {
        // the seed's contract: every failure after validation is an `error` event on a 200 stream
        const detail = error instanceof FwFailure ? error.detail : null;
        if (detail === null) request.log.error({ err: error instanceof FwFailure ? error.cause : error }, 'invoke_agent_stream failed');
        reply.hijack();
        openSseResponse(reply.raw, request.id, sse.retryMs);
        reply.raw.end(fastworkflowErrorFrame(detail ?? internalErrorDetail('invoke_agent_stream', request.body.user_id)));
        return;
      }
      reply.hijack();
      const streamed = await streamRunToResponse({
        surface: 'fastworkflow',
        res: reply.raw,
        requestId: request.id,
        runLog: { subscribe: (_runId, _afterSeq, listener) => turn.subscribe(listener) },
        runId: turn.runId,
        afterSeq: 0,
        encode: createFastworkflowFrameEncoder(turn),
        settings: sse,
        // the seed ends the turn when its client goes away; nobody could collect a late output here
        onClientGone: () => turn.cancel(),
      });
      if (!streamed) {
        request.log.error({ runId: turn.runId }, 'invoke_agent_stream: the run log vanished');
        openSseResponse(reply.raw, request.id, sse.retryMs);
        reply.raw.end(fastworkflowErrorFrame(internalErrorDetail('invoke_agent_stream', turn.fwUserId)));
      }
    },
  );

  app.post(
    '/invoke_agent',
    {
      schema: {
        tags: TAG,
        summary: 'Run one turn and wait for its output (JSON)',
        description: `The \`command_output\` of the stream, plus \`traces\` when the session shows them. Failures: 404, 409, 504, 500 with \`{"detail"}\`. ${DOCS}`,
        body: fwInvokeBodySchema,
        response: { 200: fwInvokeResponseSchema, 504: fwDetailSchema, ...errorResponses },
      },
      errorHandler: fwErrorHandler('invoke_agent'),
    },
    async (request, reply) => {
      const turn = await fw.startTurn(request.actor, turnInput(request.body));
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) turn.cancel();
      });
      const { traces, output } = await collectFwTurn(turn);
      return turn.showAgentTraces ? { ...output, traces } : output;
    },
  );

  app.post(
    '/new_conversation',
    {
      schema: {
        tags: TAG,
        summary: 'Save the active conversation (topic, summary) and start a new one',
        description: `Refused with 409 while a turn is in flight. ${DOCS}`,
        body: fwUserBodySchema,
        response: { 200: fwStatusResponseSchema, ...errorResponses },
      },
      errorHandler: fwErrorHandler('new_conversation'),
    },
    async (request) => fw.newConversation(request.actor, address(request.body)),
  );

  app.get(
    '/conversations',
    {
      schema: {
        tags: TAG,
        summary: "The user's conversations, most recently updated first (at most 50)",
        description: DOCS,
        querystring: fwUserQuerySchema,
        response: { 200: z.array(fwConversationSchema), ...errorResponses },
      },
      errorHandler: fwErrorHandler('conversations'),
    },
    async (request) =>
      (await fw.listConversations(request.actor, address(request.query))).map((c) => ({
        conversation_id: c.conversationId,
        topic: c.topic,
        summary: c.summary,
        created_at: c.createdAt.getTime(),
        updated_at: c.updatedAt.getTime(),
      })),
  );

  app.post(
    '/activate_conversation',
    {
      schema: {
        tags: TAG,
        summary: 'Continue an earlier conversation',
        description: `Refused with 409 while a turn is in flight. ${DOCS}`,
        body: fwActivateBodySchema,
        response: { 200: fwStatusResponseSchema, ...errorResponses },
      },
      errorHandler: fwErrorHandler('activate_conversation'),
    },
    async (request) => fw.activateConversation(request.actor, { ...address(request.body), conversationId: request.body.conversation_id }),
  );

  app.post(
    '/post_feedback',
    {
      schema: {
        tags: TAG,
        summary: 'Feedback on the last turn of the active conversation',
        description: `At least one of binary_or_numeric_score and nl_feedback (422 otherwise). Refused with 409 while a turn is in flight. ${DOCS}`,
        body: fwFeedbackBodySchema,
        response: { 200: fwStatusResponseSchema, ...errorResponses },
      },
      errorHandler: fwErrorHandler('post_feedback'),
    },
    async (request) =>
      fw.postFeedback(request.actor, {
        ...address(request.body),
        score: request.body.binary_or_numeric_score ?? null,
        nlFeedback: request.body.nl_feedback?.trim() ? request.body.nl_feedback : null,
      }),
  );
}
