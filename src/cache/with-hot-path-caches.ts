import type { AgentLogStore, AgentStore, TokenStore } from '../ports/index.js';
import { cacheAgents } from './cached-agent-store.js';
import { cacheActiveTokens } from './cached-token-store.js';
import { coalesceAppends } from './coalesce-appends.js';
import { cacheThreadHistory } from './thread-history-cache.js';

export interface HotPathCacheOptions {
  /** Cache thread histories: only when this instance is the only writer (no REDIS_URL). */
  threadHistory: boolean;
}

/**
 * The storage bundle with the hot-path decorators of docs/decisions/0700 in front of it: tokens and agents
 * cached for 1 s, agent-log appends coalesced, and (single instance) thread histories cached.
 */
export function withHotPathCaches<S extends { tokens: TokenStore; agents: AgentStore; agentLogs: AgentLogStore }>(storage: S, options: HotPathCacheOptions): S {
  const coalesced: AgentLogStore = { ...storage.agentLogs, append: coalesceAppends(storage.agentLogs) };
  return {
    ...storage,
    tokens: cacheActiveTokens(storage.tokens),
    agents: cacheAgents(storage.agents),
    agentLogs: options.threadHistory ? cacheThreadHistory(coalesced) : coalesced,
  };
}
