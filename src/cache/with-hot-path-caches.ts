import type { AgentLogStore, AgentStore, RunStore, TokenStore } from '../ports/index.js';
import { batchHistoryReads } from './batch-history-reads.js';
import { cacheAgents } from './cached-agent-store.js';
import { cacheActiveTokens } from './cached-token-store.js';
import { coalesceAppends } from './coalesce-appends.js';
import { coalesceRunWrites } from './coalesce-run-writes.js';
import { cacheThreadHistory } from './thread-history-cache.js';

export interface HotPathCacheOptions {
  /** Cache thread histories: only when this instance is the only writer (no REDIS_URL). */
  threadHistory: boolean;
}

/**
 * The storage bundle with the hot-path decorators of docs/decisions/0700 in front of it: tokens and agents
 * cached for 1 s, agent-log appends, history reads and run rows batched (group commit), and (single instance)
 * thread histories cached.
 */
export function withHotPathCaches<S extends { tokens: TokenStore; agents: AgentStore; agentLogs: AgentLogStore; runs: RunStore }>(storage: S, options: HotPathCacheOptions): S {
  const coalesced: AgentLogStore = batchHistoryReads({ ...storage.agentLogs, append: coalesceAppends(storage.agentLogs) });
  return {
    ...storage,
    tokens: cacheActiveTokens(storage.tokens),
    agents: cacheAgents(storage.agents),
    runs: coalesceRunWrites(storage.runs),
    agentLogs: options.threadHistory ? cacheThreadHistory(coalesced) : coalesced,
  };
}
