-- Write one binary value per user (the factor vector, or the re-purchase cycles of buy again), each unless
-- Redis already holds a newer version of it. The version is the value's first 8 bytes (little-endian
-- int64: VectorCodec and RepurchaseCodec both start so), read back with GETRANGE, so a write is two
-- commands and touches one key. One call writes the users of one flush of the job's sink (in a Redis
-- Cluster, those whose keys share a slot).
-- KEYS[k]     the k-th user's value key: sr:{u:<userId>}:vec (VectorCodec layout) or
--             sr:{u:<userId>}:rebuy (RepurchaseCodec layout)
-- ARGV[1]     time to live in seconds of the keys written (0 = keep forever)
-- ARGV[k+1]   the k-th user's encoded value
-- Returns the number of users written (the others were skipped as stale).
local ttl = tonumber(ARGV[1])
local written = 0
for k = 1, #KEYS do
  local key, value = KEYS[k], ARGV[k + 1]
  local stored = redis.call('GETRANGE', key, 0, 7)
  if #stored < 8 or struct.unpack('<i8', stored) <= struct.unpack('<i8', value) then
    if ttl > 0 then
      redis.call('SET', key, value, 'EX', ttl)
    else
      redis.call('SET', key, value)
    end
    written = written + 1
  end
end
return written
