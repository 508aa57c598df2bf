-- Replace a user's recent-items and bought-items ZSETs, unless Redis already holds a newer version.
-- Versions only grow for a user, so a replay after a restore from a checkpoint (which re-sends
-- older versions) can never roll the lists back.
--
-- KEYS[1]  sr:{u:<userId>}:recent   (ZSET itemId -> weight)
-- KEYS[2]  sr:{u:<userId>}:meta     (HASH)
-- KEYS[3]  sr:{u:<userId>}:bought   (ZSET itemId -> epoch ms of the latest purchase)
-- ARGV[1]  version (integer, grows by one per event the job applied for this user)
-- ARGV[2]  reference time of the weights, epoch ms
-- ARGV[3]  time to live in seconds (0 = keep forever)
-- ARGV[4]  wall-clock time of this write, epoch ms
-- ARGV[5]  n: number of recent items
-- ARGV[6 .. 5+2n]  score, member, ... (recent items)
-- ARGV[6+2n ..]    ts, member, ...    (bought items)
-- Returns 1 when written, 0 when skipped as stale.
local current = tonumber(redis.call('HGET', KEYS[2], 'recent.version') or '-1')
local version = tonumber(ARGV[1])
if current > version then
  return 0
end
local n = tonumber(ARGV[5])
redis.call('DEL', KEYS[1], KEYS[3])
if n > 0 then
  redis.call('ZADD', KEYS[1], unpack(ARGV, 6, 5 + 2 * n))
end
if #ARGV > 5 + 2 * n then
  redis.call('ZADD', KEYS[3], unpack(ARGV, 6 + 2 * n))
end
redis.call('HSET', KEYS[2], 'recent.version', ARGV[1], 'recent.refTs', ARGV[2], 'updatedAt', ARGV[4])
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[2], ttl)
  redis.call('EXPIRE', KEYS[3], ttl)
end
return 1
