/** Lua for the Redis locks; each runs atomically on the server. KEYS[1] is the lock, ARGV[1] the run id. */

/**
 * SET NX PX, and on success a fencing token from the key's own counter. KEYS[3] names the key's last holder
 * until that holder releases: if it still names another run, that run's lease expired without a release (its
 * instance died) and is returned, so the new holder can close it first (decision 0408).
 * Returns {1, token, abandonedRunId or nil} or {0, holder}.
 */
export const ACQUIRE_LOCK_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local token = redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  local previous = redis.call('GET', KEYS[3])
  redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[3])
  if previous == ARGV[1] then previous = false end
  return {1, token, previous}
end
return {0, redis.call('GET', KEYS[1])}
`;

/** Extends the lease only while the run still owns it. Returns 1 if extended, 0 if the lease is gone. */
export const RENEW_LOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;

/** Compare-and-delete (KEYS[2] is the last-holder key): a stale owner never frees the key for its next holder. */
export const RELEASE_LOCK_SCRIPT = `
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;
