export { createMemoryRunEventLog, type MemoryRunEventLogOptions } from './memory-run-event-log.js';
export { createMemoryRunLocks } from './memory-run-locks.js';
export { createMemoryRunCancellation } from './memory-run-cancellation.js';
export { createRedisRunEventLog, type RedisRunEventLogOptions } from './redis-run-event-log.js';
export { createRedisRunLocks, type RedisRunLocksOptions } from './redis-run-locks.js';
export { createRedisRunCancellation, type RedisRunCancellationOptions } from './redis-run-cancellation.js';
export type { RedisConnectionSource } from './redis-connection.js';
export { RunLogFullError } from './run-log-full-error.js';
export { runCancelledReason } from './run-cancelled-reason.js';
