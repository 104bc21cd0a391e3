import { InvalidInputError, NotFoundError, type Actor, type Agent, type AgentAction, type AgentRelation } from '../domain/index.js';
import type { Clock, SecretBox } from '../ports/index.js';
import type { AgentWebhook, WebhookDelivery, WebhookStore } from '../ports/webhooks.js';
import type { WebhookLookup } from './webhook-lookup.js';
import { isWebhookSecret, newWebhookSecret } from './webhook-signature.js';

export interface WebhookServiceDeps {
  loadAgentFor: (actor: Actor, agentId: string, action: AgentAction) => Promise<{ agent: Agent; relation: AgentRelation }>;
  store: Pick<WebhookStore, 'find' | 'save' | 'delete' | 'listDeliveries'>;
  secretBox: Pick<SecretBox, 'seal'>;
  clock: Clock;
  /** Forgotten on every change, so this instance's next run sees it. */
  lookup?: Pick<WebhookLookup, 'forget'>;
}

export interface WebhookSettings {
  url: string | null;
  /** true to have the server make a new secret (returned once); a given `secret` replaces the stored one. */
  rotateSecret: boolean;
  secret?: string | undefined;
}

/** An agent's webhook as editors see it: never the secret (write-only, like tool secrets). */
export interface WebhookView {
  url: string | null;
  updatedAt: Date;
}

const view = (webhook: AgentWebhook): WebhookView => ({ url: webhook.url, updatedAt: webhook.updatedAt });

/** issue 19: editors set an agent's webhook and read its delivery log. */
export function createWebhookService(deps: WebhookServiceDeps) {
  async function get(actor: Actor, agentId: string): Promise<WebhookView> {
    await deps.loadAgentFor(actor, agentId, 'update');
    const webhook = await deps.store.find(agentId);
    if (!webhook) throw new NotFoundError('This agent has no webhook');
    return view(webhook);
  }

  /** Saves the webhook; `newSecret` is the server-made secret, shown this once only. */
  async function put(actor: Actor, agentId: string, settings: WebhookSettings): Promise<WebhookView & { newSecret: string | null }> {
    await deps.loadAgentFor(actor, agentId, 'update');
    if (settings.secret !== undefined && !isWebhookSecret(settings.secret)) {
      throw new InvalidInputError('secret: give whsec_ followed by the base64 of at least 24 random bytes, or leave it out to have one made');
    }
    if (settings.secret !== undefined && settings.rotateSecret) throw new InvalidInputError('Give either secret or rotate_secret, not both');
    const existing = await deps.store.find(agentId);
    const newSecret = settings.rotateSecret || (!existing && settings.secret === undefined) ? newWebhookSecret() : null;
    const plaintext = newSecret ?? settings.secret;
    const saved = await deps.store.save(agentId, { url: settings.url, secret: plaintext === undefined ? undefined : deps.secretBox.seal(plaintext) }, deps.clock.now());
    deps.lookup?.forget(agentId);
    return { ...view(saved), newSecret };
  }

  async function remove(actor: Actor, agentId: string): Promise<void> {
    await deps.loadAgentFor(actor, agentId, 'update');
    const deleted = await deps.store.delete(agentId);
    deps.lookup?.forget(agentId);
    if (!deleted) throw new NotFoundError('This agent has no webhook');
  }

  async function deliveries(actor: Actor, agentId: string, limit: number): Promise<WebhookDelivery[]> {
    await deps.loadAgentFor(actor, agentId, 'update');
    return deps.store.listDeliveries(agentId, limit);
  }

  return { get, put, remove, deliveries };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
