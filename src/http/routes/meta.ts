import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { errorEnvelopeSchema } from '../wire/common.js';
import { healthResponseSchema, llmsResponseSchema, readyResponseSchema } from '../wire/models.js';

/** Public endpoints: liveness, readiness (database reachable) and the model list. */
export function registerMetaRoutes(app: App, services: Pick<Services, 'health' | 'models' | 'metrics'>): void {
  const tags = ['meta'];
  const config = { public: true };

  app.get('/health', { config, schema: { tags, security: [], response: { 200: healthResponseSchema } } }, async () => ({ status: 'ok' as const }));

  app.get('/ready', { config, schema: { tags, security: [], response: { 200: readyResponseSchema, 503: errorEnvelopeSchema } } }, async (_request, reply) => {
    if (await services.health.ready()) return reply.send({ status: 'ready' as const });
    return reply.code(503).send({ error: { code: 'SERVICE_UNAVAILABLE', message: 'The database is not reachable' } });
  });

  app.get('/metrics', { config, schema: { tags, security: [], summary: 'Prometheus metrics', hide: false } }, async (_request, reply) =>
    reply.type(services.metrics.contentType).send(await services.metrics.render()),
  );
  app.get('/get-llms', { config, schema: { tags: ['models'], security: [], response: { 200: llmsResponseSchema } } }, async () => {
    const catalog = services.models.list();
    return { available_models: catalog.availableModels, default_model: catalog.defaultModel, models: catalog.models };
  });
}
