-- Write a user's recent items, bought items and category interests (one binary value,
-- io.streamrec.core.interest.UserLists) unless Redis already holds a newer version. The job writes the
-- value whole after each of the user's events: one SET, where sorted sets cost an insertion that
-- parses the score of every member it passes.
--
-- KEYS[1]  sr:{u:<userId>}:lists     (STRING, binary)
-- KEYS[2]  sr:{u:<userId>}:meta      (HASH)
-- KEYS[3..5]  the keys earlier releases kept the lists in (:recent, :bought, :interest): deleted at the
--          user's first write here
-- ARGV[1]  version of this write
-- ARGV[2]  the encoded lists
-- ARGV[3]  time to live in seconds of the keys written (0 = keep forever)
-- ARGV[4]  wall-clock time of this write, epoch ms
-- Returns 1 when written, 0 when Redis holds a newer version.
local current = tonumber(redis.call('HGET', KEYS[2], 'recent.version') or '-1')
if current > tonumber(ARGV[1]) then
  return 0
end
if current >= 0 and redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[3], KEYS[4], KEYS[5])
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[2], 'recent.version', ARGV[1], 'updatedAt', ARGV[4])
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[2], ttl)
end
return 1
