import type { WebhookDelivery } from '../../ports/webhooks.js';
import type { Services } from '../../services/index.js';
import type { WebhookView } from '../../services/webhooks.js';
import type { App } from '../app-types.js';
import { agentIdParams } from '../wire/invoke.js';
import { webhookBodySchema, webhookDeliveriesQuery, webhookDeliveriesSchema, webhookSchema } from '../wire/webhooks.js';

const presentWebhook = (webhook: WebhookView) => ({ url: webhook.url, secret_set: true as const, updated_at: webhook.updatedAt.toISOString() });

const presentDelivery = (d: WebhookDelivery) => ({
  delivery_id: d.deliveryId,
  run_id: d.runId,
  event: d.event,
  url: d.url,
  status: d.status,
  attempts: d.attempts,
  response_status: d.responseStatus,
  last_error: d.lastError,
  created_at: d.createdAt.toISOString(),
  updated_at: d.updatedAt.toISOString(),
});

/** issue 19: an agent's signed webhook (editors) and its delivery log. */
export function registerWebhookRoutes(app: App, services: Services): void {
  app.get('/agents/:agent_id/webhook', { schema: { summary: "An agent's webhook (never its secret)", params: agentIdParams, response: { 200: webhookSchema } } }, async (request) =>
    presentWebhook(await services.webhooks.get(request.actor, request.params.agent_id)),
  );
  app.put(
    '/agents/:agent_id/webhook',
    {
      schema: {
        summary: "Set an agent's webhook",
        description: 'Run outcomes are POSTed signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). A made secret is returned once.',
        params: agentIdParams,
        body: webhookBodySchema,
        response: { 200: webhookSchema },
      },
    },
    async (request) => {
      const saved = await services.webhooks.put(request.actor, request.params.agent_id, { url: request.body.url, secret: request.body.secret, rotateSecret: request.body.rotate_secret });
      return { ...presentWebhook(saved), ...(saved.newSecret ? { secret: saved.newSecret } : {}) };
    },
  );
  app.delete('/agents/:agent_id/webhook', { schema: { summary: "Remove an agent's webhook and its secret", params: agentIdParams } }, async (request, reply) => {
    await services.webhooks.remove(request.actor, request.params.agent_id);
    return reply.code(204).send(null);
  });
  app.get(
    '/agents/:agent_id/webhook-deliveries',
    { schema: { summary: "An agent's webhook delivery log, newest first", params: agentIdParams, querystring: webhookDeliveriesQuery, response: { 200: webhookDeliveriesSchema } } },
    async (request) => ({ deliveries: (await services.webhooks.deliveries(request.actor, request.params.agent_id, request.query.limit)).map(presentDelivery) }),
  );
}
