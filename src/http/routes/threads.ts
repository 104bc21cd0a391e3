import { z } from 'zod';
import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { agentIdParams } from '../wire/invoke.js';
import { renameThreadBodySchema, threadMessageSchema, threadParams, threadSummarySchema } from '../wire/threads.js';
import { presentThread, presentThreadMessage } from './run-presenter.js';

export function registerThreadRoutes(app: App, services: Services): void {
  app.get(
    '/agents/:agent_id/threads',
    { schema: { summary: "The caller's threads with an agent", params: agentIdParams, response: { 200: z.array(threadSummarySchema) } } },
    async (request) => (await services.threads.list(request.actor, request.params.agent_id)).map(presentThread),
  );
  app.get(
    '/agents/:agent_id/threads/:thread_id/messages',
    { schema: { summary: 'Messages of a thread since its last reset', params: threadParams, response: { 200: z.array(threadMessageSchema) } } },
    async (request) => (await services.threads.messages(request.actor, request.params.agent_id, request.params.thread_id)).map(presentThreadMessage),
  );
  app.patch(
    '/agents/:agent_id/threads/:thread_id',
    { schema: { summary: 'Rename a thread (per agent, user and thread)', params: threadParams, body: renameThreadBodySchema, response: { 200: threadSummarySchema } } },
    async (request) => presentThread(await services.threads.rename(request.actor, request.params.agent_id, request.params.thread_id, request.body.title)),
  );
  app.delete('/agents/:agent_id/threads/:thread_id', { schema: { summary: 'Reset a thread (history kept for audit)', params: threadParams } }, async (request, reply) => {
    await services.threads.reset(request.actor, request.params.agent_id, request.params.thread_id);
    return reply.code(204).send(null);
  });
}
