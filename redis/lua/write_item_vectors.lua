-- Write a batch of item vectors (target vector with bias, and context vector), each unless Redis
-- already holds a newer version of it (the version is the encoded vector's first 8 bytes, VectorCodec),
-- and announce the written items on the change feed (a stream the API and the job's user side read, so
-- nobody has to scan keys to learn what changed): one entry for the whole batch, its items separated by
-- newlines (ids hold no control characters).
-- KEYS[1]  sr:{items}:vec      (HASH itemId -> encoded target vector p|bias, VectorCodec layout)
-- KEYS[2]  sr:{items}:changes  (STREAM of {is = itemId\nitemId...}; earlier releases wrote {i = itemId, v = version})
-- KEYS[3]  sr:{items}:ctx      (HASH itemId -> encoded context vector q, VectorCodec layout)
-- ARGV[1]  approximate maximum length of the change feed, in entries
-- ARGV[2..] itemId, version, encoded target vector, encoded context vector, itemId, ...
-- Returns the number of items written.
local written = {}
for i = 2, #ARGV, 4 do
  local id = ARGV[i]
  local stored = redis.call('HGET', KEYS[1], id)
  if not stored or struct.unpack('<i8', stored) <= tonumber(ARGV[i + 1]) then
    redis.call('HSET', KEYS[1], id, ARGV[i + 2])
    redis.call('HSET', KEYS[3], id, ARGV[i + 3])
    written[#written + 1] = id
  end
end
if #written > 0 then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', 'is', table.concat(written, '\n'))
end
return #written
