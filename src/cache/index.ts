export { withHotPathCaches, type HotPathCacheOptions } from './with-hot-path-caches.js';
export { cacheActiveTokens } from './cached-token-store.js';
export { cacheAgents } from './cached-agent-store.js';
export { coalesceAppends } from './coalesce-appends.js';
export { cacheThreadHistory } from './thread-history-cache.js';
