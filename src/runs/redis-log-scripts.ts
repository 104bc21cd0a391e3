/** Lua for the Redis run event log; runs atomically on the server. */

/**
 * Ends an abandoned run's log. KEYS[1] is the events stream, KEYS[2] the open marker; ARGV[1] the seq the
 * caller last saw, ARGV[2] the retention in ms, ARGV[3..] event JSON. Appends only if the stream still ends
 * at ARGV[1] without an `end` (a log that is neither stored nor open is unknown). Returns 1 if appended, else 0.
 */
export const APPEND_TERMINAL_SCRIPT = `
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local lastSeq = 0
if #last > 0 then
  lastSeq = tonumber(string.match(last[1][1], '^(%d+)-'))
  if cjson.decode(last[1][2][2]).type == 'end' then return 0 end
elseif redis.call('EXISTS', KEYS[2]) == 0 then
  return 0
end
if lastSeq ~= tonumber(ARGV[1]) then return 0 end
for i = 3, #ARGV do
  redis.call('XADD', KEYS[1], string.format('%d-0', lastSeq + i - 2), 'e', ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('DEL', KEYS[2])
return 1
`;
