import type { Services } from '../../services/index.js';
import type { AgentUpdate } from '../../services/agents.js';
import { actorOf, type App } from '../app-types.js';
import {
  agentDetailsSchema,
  agentInfoSchema,
  agentListSchema,
  agentSchema,
  createAgentBodySchema,
  updateAgentBodySchema,
} from '../wire/agents.js';
import { companyIdQuerySchema, errorResponses, idParamsSchema, noContentSchema } from '../wire/common.js';
import type { z } from 'zod';
import { presentAgent, presentAgentDetails, presentAgentInfo, presentAgentListItem } from './presenters.js';

function toAgentUpdate(body: z.infer<typeof updateAgentBodySchema>): AgentUpdate {
  return {
    agentName: body.agent_name,
    description: body.description,
    agentStyle: body.agent_style,
    onStatus: body.on_status,
    modelName: body.model_name,
    tools: body.tools,
    companyId: body.company_id,
    shareEditorWith: body.share_editor_with,
    shareVisitorWith: body.share_visitor_with,
  };
}

export function registerAgentRoutes(app: App, services: Pick<Services, 'agents'>): void {
  const tags = ['agents'];
  const { agents } = services;

  app.get('/agents', { schema: { tags, querystring: companyIdQuerySchema, response: { 200: agentListSchema, ...errorResponses } } }, async (request) => {
    const views = await agents.list(actorOf(request), { companyId: request.query.company_id });
    return views.map(presentAgentListItem);
  });

  app.post('/agents', { schema: { tags, body: createAgentBodySchema, response: { 201: agentSchema, ...errorResponses } } }, async (request, reply) => {
    const body = request.body;
    const view = await agents.create(actorOf(request), {
      agentName: body.agent_name,
      description: body.description,
      agentStyle: body.agent_style,
      onStatus: body.on_status,
      modelName: body.model_name,
      tools: body.tools,
      companyId: body.company_id,
      shareEditorWith: body.share_editor_with,
      shareVisitorWith: body.share_visitor_with,
    });
    return reply.code(201).send(presentAgent(view));
  });

  app.get('/agents/:id', { schema: { tags, params: idParamsSchema, response: { 200: agentDetailsSchema, ...errorResponses } } }, async (request) => {
    return presentAgentDetails(await agents.get(actorOf(request), request.params.id));
  });

  app.patch(
    '/agents/:id',
    { schema: { tags, params: idParamsSchema, body: updateAgentBodySchema, response: { 200: agentSchema, ...errorResponses } } },
    async (request) => {
      return presentAgent(await agents.update(actorOf(request), request.params.id, toAgentUpdate(request.body)));
    },
  );

  app.delete('/agents/:id', { schema: { tags, params: idParamsSchema, response: { 204: noContentSchema, ...errorResponses } } }, async (request, reply) => {
    await agents.remove(actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.get(
    '/agent-invoke/:id/info',
    { schema: { tags, params: idParamsSchema, response: { 200: agentInfoSchema, ...errorResponses } } },
    async (request) => presentAgentInfo(await agents.info(actorOf(request), request.params.id)),
  );
}
