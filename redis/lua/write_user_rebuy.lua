-- Write users' re-purchase cycles (buy again), each unless Redis already holds a newer version of them.
-- One call writes the users of one flush of the job's sink (in a Redis Cluster, those whose keys share
-- a slot).
-- KEYS[2k-1]  sr:{u:<userId>}:rebuy  (STRING, binary: RepurchaseCodec layout)   of the k-th user
-- KEYS[2k]    sr:{u:<userId>}:meta   (HASH)
-- ARGV[1]     time to live in seconds of the keys written (0 = keep forever)
-- ARGV[2]     wall-clock time of this write, epoch ms
-- ARGV[2k+1]  version of the k-th user's cycles (purchases and cancellations applied to them)
-- ARGV[2k+2]  the k-th user's encoded cycles
-- Returns the number of users written (the others were skipped as stale).
local ttl = tonumber(ARGV[1])
local written = 0
for k = 1, #KEYS / 2 do
  local rebuy, meta, version = KEYS[2 * k - 1], KEYS[2 * k], ARGV[2 * k + 1]
  local current = tonumber(redis.call('HGET', meta, 'rebuy.version') or '-1')
  if current <= tonumber(version) then
    if ttl > 0 then
      redis.call('SET', rebuy, ARGV[2 * k + 2], 'EX', ttl)
    else
      redis.call('SET', rebuy, ARGV[2 * k + 2])
    end
    redis.call('HSET', meta, 'rebuy.version', version, 'rebuy.updatedAt', ARGV[2])
    if ttl > 0 then
      redis.call('EXPIRE', meta, ttl)
    end
    written = written + 1
  end
end
return written
