import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { AgentWebhook, WebhookDelivery, WebhookStore } from '../ports/webhooks.js';
import { withDomainErrors } from './db-errors.js';
import type { ExecutorFor } from './executor.js';
import { agentWebhooks, webhookDeliveries } from './schema.js';
import { isUuid } from './uuid.js';

type WebhookRow = typeof agentWebhooks.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

const toWebhook = (row: WebhookRow): AgentWebhook => ({ agentId: row.agentId, url: row.url, secret: row.secret, updatedAt: row.updatedAt });

const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  deliveryId: row.deliveryId,
  agentId: row.agentId,
  runId: row.runId,
  event: row.event,
  url: row.url,
  body: row.body,
  status: row.status,
  attempts: row.attempts,
  responseStatus: row.responseStatus,
  lastError: row.lastError,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** issue 19: agents' webhooks (sealed secrets only) and the delivery log. */
export function createWebhookStore(on: ExecutorFor): WebhookStore {
  return withDomainErrors({
    async find(agentId) {
      if (!isUuid(agentId)) return null;
      const [row] = await on().select().from(agentWebhooks).where(eq(agentWebhooks.agentId, agentId));
      return row ? toWebhook(row) : null;
    },
    async save(agentId, input, at) {
      const [existing] = await on().select({ secret: agentWebhooks.secret }).from(agentWebhooks).where(eq(agentWebhooks.agentId, agentId));
      const secret = input.secret ?? existing?.secret;
      if (!secret) throw new Error('a new webhook needs a secret');
      const [row] = await on()
        .insert(agentWebhooks)
        .values({ agentId, url: input.url, secret, updatedAt: at })
        .onConflictDoUpdate({ target: agentWebhooks.agentId, set: { url: input.url, secret, updatedAt: at } })
        .returning();
      return toWebhook(row!);
    },
    async delete(agentId) {
      if (!isUuid(agentId)) return false;
      const deleted = await on().delete(agentWebhooks).where(eq(agentWebhooks.agentId, agentId)).returning({ agentId: agentWebhooks.agentId });
      return deleted.length > 0;
    },
    async listAllSealedSecrets() {
      return on().select({ agentId: agentWebhooks.agentId, secret: agentWebhooks.secret }).from(agentWebhooks).orderBy(asc(agentWebhooks.agentId));
    },
    async replaceSealedSecret(agentId, secret, tx) {
      if (!isUuid(agentId)) return;
      // Re-sealing changes the key, not the webhook: updatedAt stays, and the CHECK refuses anything unsealed.
      await on(tx).update(agentWebhooks).set({ secret }).where(eq(agentWebhooks.agentId, agentId));
    },
    async createDelivery(input, at) {
      const [row] = await on()
        .insert(webhookDeliveries)
        .values({ agentId: input.agentId, runId: input.runId, event: input.event, url: input.url, body: input.body, createdAt: at, updatedAt: at })
        .returning();
      return toDelivery(row!);
    },
    async claimStale(staleBefore, at, limit) {
      // the stamp is re-checked under the row lock: a second instance's concurrent claim skips what this one took
      const stale = on()
        .select({ id: webhookDeliveries.deliveryId })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.status, 'pending'), lt(webhookDeliveries.updatedAt, staleBefore)))
        .limit(limit);
      const rows = await on()
        .update(webhookDeliveries)
        .set({ updatedAt: at })
        .where(and(inArray(webhookDeliveries.deliveryId, stale), eq(webhookDeliveries.status, 'pending'), lt(webhookDeliveries.updatedAt, staleBefore)))
        .returning();
      return rows.map(toDelivery);
    },
    async recordAttempt(deliveryId, outcome, at) {
      await on()
        .update(webhookDeliveries)
        .set({ status: outcome.status, attempts: outcome.attempts, responseStatus: outcome.responseStatus, lastError: outcome.lastError, updatedAt: at })
        .where(eq(webhookDeliveries.deliveryId, deliveryId));
    },
    async listDeliveries(agentId, limit) {
      if (!isUuid(agentId)) return [];
      const rows = await on()
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.agentId, agentId))
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.deliveryId))
        .limit(limit);
      return rows.map(toDelivery);
    },
  } satisfies WebhookStore);
}
