-- Replace a user's recent items, bought items and category interests, unless Redis already holds a
-- newer version. Versions only grow for a user, so a replay after a restore from a checkpoint (which
-- re-sends older versions) can never roll them back.
--
-- KEYS[1]  sr:{u:<userId>}:recent     (ZSET itemId -> weight)
-- KEYS[2]  sr:{u:<userId>}:meta       (HASH)
-- KEYS[3]  sr:{u:<userId>}:bought     (ZSET itemId -> epoch ms of the latest purchase)
-- KEYS[4]  sr:{u:<userId>}:interest   (HASH category -> "short long", decayed to recent.refTs)
-- ARGV[1]  version (integer, grows by one per event the job applied for this user)
-- ARGV[2]  reference time of the weights, epoch ms
-- ARGV[3]  time to live in seconds (0 = keep forever)
-- ARGV[4]  wall-clock time of this write, epoch ms
-- ARGV[5]  n: number of recent items
-- ARGV[6]  b: number of bought items
-- then n pairs score, member (recent items), b pairs ts, member (bought items),
-- then category, "short long" pairs (interests) to the end
-- Returns 1 when written, 0 when skipped as stale.
local current = tonumber(redis.call('HGET', KEYS[2], 'recent.version') or '-1')
local version = tonumber(ARGV[1])
if current > version then
  return 0
end
local n = tonumber(ARGV[5])
local b = tonumber(ARGV[6])
local first = 7
redis.call('DEL', KEYS[1], KEYS[3], KEYS[4])
if n > 0 then
  redis.call('ZADD', KEYS[1], unpack(ARGV, first, first + 2 * n - 1))
end
if b > 0 then
  redis.call('ZADD', KEYS[3], unpack(ARGV, first + 2 * n, first + 2 * (n + b) - 1))
end
if #ARGV >= first + 2 * (n + b) then
  redis.call('HSET', KEYS[4], unpack(ARGV, first + 2 * (n + b)))
end
redis.call('HSET', KEYS[2], 'recent.version', ARGV[1], 'recent.refTs', ARGV[2], 'updatedAt', ARGV[4])
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  for i = 1, 4 do
    redis.call('EXPIRE', KEYS[i], ttl)
  end
end
return 1
