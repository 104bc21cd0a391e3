import type { AgentWebhook, WebhookStore } from '../ports/webhooks.js';

/**
 * issue 19: an agent's webhook as runs look it up at start, remembered for `cacheMs` so a burst of runs costs
 * one read; saving through this lookup forgets the entry at once (other instances see a change within cacheMs).
 */
export function createWebhookLookup(deps: { store: Pick<WebhookStore, 'find'>; cacheMs?: number }) {
  const cacheMs = deps.cacheMs ?? 1_000;
  const cached = new Map<string, { webhook: AgentWebhook | null; until: number }>();

  async function find(agentId: string): Promise<AgentWebhook | null> {
    const hit = cached.get(agentId);
    if (hit && hit.until > Date.now()) return hit.webhook;
    const webhook = await deps.store.find(agentId);
    if (cached.size > 10_000) cached.clear(); // bounded: a cache of a second need not be precise
    cached.set(agentId, { webhook, until: Date.now() + cacheMs });
    return webhook;
  }

  return { find, forget: (agentId: string) => void cached.delete(agentId) };
}

export type WebhookLookup = ReturnType<typeof createWebhookLookup>;
