import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { FwFailure, internalErrorDetail } from '../../services/fastworkflow-failure.js';
import type { FwTurn } from '../../services/fastworkflow-turn.js';
import { collectFwTurn } from '../../services/fastworkflow-turn.js';
import type { FwAddress, FwTurnMode } from '../../services/fastworkflow.js';
import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { createFastworkflowFrameEncoder, fastworkflowErrorFrame } from '../sse/fastworkflow-encoder.js';
import { openSseResponse, streamRunToResponse } from '../sse/run-stream.js';
import type { SseSettings } from '../sse/sse-settings.js';
import {
  fwActionSchema,
  fwActivateBodySchema,
  fwConversationSchema,
  fwDetailSchema,
  fwFeedbackBodySchema,
  fwInitializeBodySchema,
  fwInitializeResponseSchema,
  fwInvokeBodySchema,
  fwInvokeResponseSchema,
  fwPerformActionBodySchema,
  fwStatusResponseSchema,
  fwUserBodySchema,
  fwUserQuerySchema,
  fwValidationErrorSchema,
  type FwInvokeBody,
} from '../wire/fastworkflow.js';
import { fwErrorHandler } from './fastworkflow-errors.js';

const TAG = ['fastworkflow'];
const DOCS = 'Same bearer token as the rest of the API. Client examples (curl, browser fetch + reader, Node): docs/fastworkflow.md.';
const errorResponses = { 404: fwDetailSchema, 409: fwDetailSchema, 422: fwValidationErrorSchema, 429: fwDetailSchema, 500: fwDetailSchema };

/** The seed's `startup_action` becomes an Action only when it has `command_name` (seed-systems A.4). */
function startupActionOf(raw: Record<string, unknown> | null | undefined) {
  if (!raw || !('command_name' in raw)) return null;
  const action = fwActionSchema.parse(raw);
  return { commandName: action.command_name, parameters: action.parameters };
}

function address(body: { user_id: string; owner_user_id?: string | undefined }): FwAddress {
  return { fwUserId: body.user_id, ownerUserId: body.owner_user_id };
}

function turnInput(body: FwInvokeBody, mode: FwTurnMode = 'agent') {
  return { ...address(body), userQuery: body.user_query, timeoutSeconds: body.timeout_seconds, mode };
}

/** POST /invoke_agent and /invoke_assistant: the whole turn as JSON; a client that goes away cancels it. */
async function answerTurn(turn: FwTurn, reply: FastifyReply) {
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) turn.cancel();
  });
  const { traces, output } = await collectFwTurn(turn);
  return turn.showAgentTraces ? { ...output, traces } : output;
}

/** The run cap and a draining server answer before any stream: HTTP 429/503 with Retry-After (issue 16 item 7). */
function refusedBeforeStream(error: unknown): error is FwFailure {
  return error instanceof FwFailure && (error.status === 429 || error.status === 503);
}

/** Every path of this surface and its methods (FastAPI's 404/405 apply below them, decision 0805). */
export const FASTWORKFLOW_PATHS: Record<string, string[]> = {
  '/initialize': ['POST'],
  '/invoke_agent_stream': ['POST'],
  '/invoke_agent': ['POST'],
  '/invoke_assistant': ['POST'],
  '/perform_action': ['POST'],
  '/new_conversation': ['POST'],
  '/conversations': ['GET'],
  '/activate_conversation': ['POST'],
  '/post_feedback': ['POST'],
  '/admin/dump_all_conversations': ['POST'],
};

export function registerFastworkflowRoutes(app: App, services: Services, sse: SseSettings): void {
  const fw = services.fastworkflow;

  app.post(
    '/initialize',
    {
      schema: {
        tags: TAG,
        summary: 'Start (or find) the session of a fastworkflow user, bound to an agent',
        description: `Idempotent: an existing session is returned unchanged. A new session runs startup_command (or startup_action) as its first turn before answering. ${DOCS}`,
        body: fwInitializeBodySchema,
        response: { 200: fwInitializeResponseSchema, 403: fwDetailSchema, 504: fwDetailSchema, ...errorResponses },
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
        envFilePath: body.env_file_path,
        passwordsFilePath: body.passwords_file_path,
        startupCommand: body.startup_command,
        startupAction: startupActionOf(body.startup_action),
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
          'HTTP 200 with `text/event-stream` once the body is valid (except 429/503 `{"detail"}` with Retry-After over the run cap or request rate, or while the server drains): ' +
          '`trace` events (two per tool call, if the session shows traces), ' +
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
        if (refusedBeforeStream(error)) throw error;
        // the seed's contract: every other failure after validation is an `error` event on a 200 stream
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
    async (request, reply) => answerTurn(await fw.startTurn(request.actor, turnInput(request.body)), reply),
  );

  app.post(
    '/invoke_assistant',
    {
      schema: {
        tags: TAG,
        summary: 'Run one turn in assistant mode: one model call with at most one tool call (JSON)',
        description:
          'The query goes to the agent as one direct command: the model is asked once; if it calls a tool, that one call runs and its result is the answer ' +
          `(no second model call, no multi-step loop). Same body and answer as /invoke_agent. ${DOCS}`,
        body: fwInvokeBodySchema,
        response: { 200: fwInvokeResponseSchema, 504: fwDetailSchema, ...errorResponses },
      },
      errorHandler: fwErrorHandler('invoke_assistant'),
    },
    async (request, reply) => answerTurn(await fw.startTurn(request.actor, turnInput(request.body, 'assistant')), reply),
  );

  app.post(
    '/perform_action',
    {
      schema: {
        tags: TAG,
        summary: "Run one tool of the session's agent directly with the given parameters (no model call)",
        description:
          "`action.command_name` names a tool of the session's agent (422 otherwise); `parameters` are its arguments. Runs through the same tool runner " +
          `as any turn (secrets opened only for the call and scrubbed from the answer) and is stored as a turn of the conversation. ${DOCS}`,
        body: fwPerformActionBodySchema,
        response: { 200: fwInvokeResponseSchema, 504: fwDetailSchema, ...errorResponses },
      },
      errorHandler: fwErrorHandler('perform_action'),
    },
    async (request, reply) => {
      const body = request.body;
      const turn = await fw.startAction(request.actor, {
        ...address(body),
        action: { commandName: body.action.command_name, parameters: body.action.parameters },
        timeoutSeconds: body.timeout_seconds,
      });
      return answerTurn(turn, reply);
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
