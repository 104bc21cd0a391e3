import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { errorEnvelopeSchema } from '../wire/common.js';
import { healthResponseSchema, llmsResponseSchema, readyResponseSchema } from '../wire/models.js';
import { uiConfigResponseSchema } from '../wire/ui-config.js';

/** Public endpoints: liveness, readiness (database reachable) and the model list. */
export function registerMetaRoutes(app: App, services: Pick<Services, 'health' | 'models' | 'metrics' | 'uiConfig'>): void {
  const tags = ['meta'];
  const config = { public: true };

  app.get('/health', { config, schema: { tags, security: [], response: { 200: healthResponseSchema } } }, async () => ({ status: 'ok' as const }));

  app.get('/ready', { config, schema: { tags, security: [], response: { 200: readyResponseSchema, 503: errorEnvelopeSchema } } }, async (_request, reply) => {
    const readiness = await services.health.readiness();
    if (readiness.ready) return reply.send({ status: 'ready' as const });
    const message = readiness.reason === 'draining' ? 'The server is shutting down' : 'The database is not reachable';
    return reply.code(503).header('retry-after', '1').send({ error: { code: 'SERVICE_UNAVAILABLE', message } });
  });

  // issue 16: a platform admin's token or the METRICS_TOKEN bearer (decision 1003); checked by the auth hook
  app.get('/metrics', { config: { metricsReader: true }, schema: { tags, summary: 'Prometheus metrics (platform admin or METRICS_TOKEN)', hide: false } }, async (_request, reply) =>
    reply.type(services.metrics.contentType).send(await services.metrics.render()),
  );
  // issue 18: settings the page reads before it renders (the media allowlist of issue 16)
  app.get('/ui-config', { config, schema: { tags, security: [], summary: 'Settings the page needs', response: { 200: uiConfigResponseSchema } } }, async () => ({
    media_origins: services.uiConfig.get().mediaOrigins,
  }));
  app.get('/get-llms', { config, schema: { tags: ['models'], security: [], response: { 200: llmsResponseSchema } } }, async () => {
    const catalog = services.models.list();
    return { available_models: catalog.availableModels, default_model: catalog.defaultModel, models: catalog.models };
  });
}
