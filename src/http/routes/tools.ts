import type { Services } from '../../services/index.js';
import { actorOf, type App } from '../app-types.js';
import { companyIdQuerySchema, errorResponses, idParamsSchema, noContentSchema } from '../wire/common.js';
import { createToolBodySchema, toolListSchema, toolSchema, updateToolBodySchema } from '../wire/tools.js';
import { presentTool } from './presenters.js';

export function registerToolRoutes(app: App, services: Pick<Services, 'tools'>): void {
  const tags = ['tools'];
  const { tools } = services;

  app.get('/tools', { schema: { tags, querystring: companyIdQuerySchema, response: { 200: toolListSchema, ...errorResponses } } }, async (request) => {
    return (await tools.list(actorOf(request), { companyId: request.query.company_id })).map(presentTool);
  });

  app.post('/tools', { schema: { tags, body: createToolBodySchema, response: { 201: toolSchema, ...errorResponses } } }, async (request, reply) => {
    const body = request.body;
    const tool = await tools.create(actorOf(request), {
      name: body.name,
      description: body.description,
      kind: body.kind,
      config: body.config,
      env: body.env,
      onStatus: body.on_status,
      companyId: body.company_id,
    });
    return reply.code(201).send(presentTool(tool));
  });

  app.get('/tools/:id', { schema: { tags, params: idParamsSchema, response: { 200: toolSchema, ...errorResponses } } }, async (request) => {
    return presentTool(await tools.get(actorOf(request), request.params.id));
  });

  app.patch(
    '/tools/:id',
    { schema: { tags, params: idParamsSchema, body: updateToolBodySchema, response: { 200: toolSchema, ...errorResponses } } },
    async (request) => {
      const body = request.body;
      const tool = await tools.update(actorOf(request), request.params.id, {
        name: body.name,
        description: body.description,
        config: body.config,
        env: body.env,
        onStatus: body.on_status,
        companyId: body.company_id,
      });
      return presentTool(tool);
    },
  );

  app.delete('/tools/:id', { schema: { tags, params: idParamsSchema, response: { 204: noContentSchema, ...errorResponses } } }, async (request, reply) => {
    await tools.remove(actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });
}
