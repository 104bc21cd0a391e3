import type { Agent } from '../domain/index.js';
import type { AgentStore } from '../ports/index.js';
import { createTtlCache } from './ttl-cache.js';

export interface AgentCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
}

/**
 * Remembers `findById` for `ttlMs` (1 s), so an invoke does not read the agent row on every request.
 * Changes made through this store (update, delete, detachTool) take effect at once; changes made by another
 * instance within `ttlMs`. Agents are domain values: callers never mutate them.
 */
export function cacheAgents(inner: AgentStore, options: AgentCacheOptions = {}): AgentStore {
  const cache = createTtlCache<Agent>({ ttlMs: options.ttlMs ?? 1_000, maxEntries: options.maxEntries ?? 10_000 });
  const invalidating = async <T>(match: ((agent: Agent) => boolean) | undefined, work: () => Promise<T>): Promise<T> => {
    cache.invalidate(match);
    try {
      return await work();
    } finally {
      cache.invalidate(match);
    }
  };
  return {
    ...inner,
    async findById(agentId) {
      const hit = cache.get(agentId);
      if (hit) return hit;
      const generation = cache.generation;
      const found = await inner.findById(agentId);
      if (found) cache.set(agentId, found, generation);
      return found;
    },
    update: (agentId, patch) => invalidating((agent) => agent.agentId === agentId, () => inner.update(agentId, patch)),
    delete: (agentId) => invalidating((agent) => agent.agentId === agentId, () => inner.delete(agentId)),
    detachTool: (toolId) => invalidating(undefined, () => inner.detachTool(toolId)),
  };
}
