-- Write one binary value per user (the factor vector, or the re-purchase cycles of buy again), each unless
-- Redis already holds a newer version of it. One call writes the users of one flush of the job's sink (in
-- a Redis Cluster, those whose keys share a slot).
-- KEYS[2k-1]  the k-th user's value key: sr:{u:<userId>}:vec (VectorCodec layout) or
--             sr:{u:<userId>}:rebuy (RepurchaseCodec layout)
-- KEYS[2k]    sr:{u:<userId>}:meta   (HASH)
-- ARGV[1]     time to live in seconds of the keys written (0 = keep forever)
-- ARGV[2]     wall-clock time of this write, epoch ms
-- ARGV[3]     the meta hash's field prefix of this value: 'vec' or 'rebuy' (fields <prefix>.version and
--             <prefix>.updatedAt)
-- ARGV[2k+2]  version of the k-th user's value (the events applied to it)
-- ARGV[2k+3]  the k-th user's encoded value
-- Returns the number of users written (the others were skipped as stale).
local ttl = tonumber(ARGV[1])
local versionField, updatedField = ARGV[3] .. '.version', ARGV[3] .. '.updatedAt'
local written = 0
for k = 1, #KEYS / 2 do
  local key, meta, version = KEYS[2 * k - 1], KEYS[2 * k], ARGV[2 * k + 2]
  local current = tonumber(redis.call('HGET', meta, versionField) or '-1')
  if current <= tonumber(version) then
    if ttl > 0 then
      redis.call('SET', key, ARGV[2 * k + 3], 'EX', ttl)
    else
      redis.call('SET', key, ARGV[2 * k + 3])
    end
    redis.call('HSET', meta, versionField, version, updatedField, ARGV[2])
    if ttl > 0 then
      redis.call('EXPIRE', meta, ttl)
    end
    written = written + 1
  end
end
return written
