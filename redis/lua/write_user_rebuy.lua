-- Write a user's re-purchase cycles (buy again) unless Redis already holds a newer version of them.
-- KEYS[1]  sr:{u:<userId>}:rebuy   (STRING, binary: RepurchaseCodec layout)
-- KEYS[2]  sr:{u:<userId>}:meta    (HASH)
-- ARGV[1]  version (purchases and cancellations applied to this user's cycles)
-- ARGV[2]  the encoded state
-- ARGV[3]  time to live in seconds (0 = keep forever)
-- ARGV[4]  wall-clock time of this write, epoch ms
-- Returns 1 when written, 0 when skipped as stale.
local current = tonumber(redis.call('HGET', KEYS[2], 'rebuy.version') or '-1')
if current > tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[2], 'rebuy.version', ARGV[1], 'rebuy.updatedAt', ARGV[4])
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[2], ttl)
end
return 1
