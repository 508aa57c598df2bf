-- Write users' recent items, bought items and category interests (one binary value per user,
-- io.streamrec.core.interest.UserLists), each unless Redis already holds a newer version. The job writes
-- a user's value whole after each of the user's events: one SET, where sorted sets cost an insertion
-- that parses the score of every member it passes. The version is the value's first 8 bytes
-- (little-endian int64), read back with GETRANGE: a known user's write is two commands on one key. One
-- call writes the users of one flush of the job's sink (in a Redis Cluster, those whose keys share a slot).
--
-- KEYS[5k-4]  sr:{u:<userId>}:lists   (STRING, binary)   of the k-th user
-- KEYS[5k-3]  sr:{u:<userId>}:meta    (HASH) where earlier releases kept the lists' version
-- KEYS[5k-2..5k]  the keys earlier releases kept the lists in (:recent, :bought, :interest)
--             Only a user without lists is looked up there: the meta hash's 'recent.version' guards the
--             write, and when it has no 'lists' field (set by the release that introduced :lists) the
--             earlier keys are deleted.
-- ARGV[1]     time to live in seconds of the keys written (0 = keep forever)
-- ARGV[k+1]   the k-th user's encoded lists
-- Returns the number of users written (the others were skipped: Redis holds a newer version).
local ttl = tonumber(ARGV[1])
local written = 0
for k = 1, #KEYS / 5 do
  local lists, value = KEYS[5 * k - 4], ARGV[k + 1]
  local version = struct.unpack('<i8', value)
  local stored = redis.call('GETRANGE', lists, 0, 7)
  local current = -1
  if #stored == 8 then
    current = struct.unpack('<i8', stored)
  else
    local fields = redis.call('HMGET', KEYS[5 * k - 3], 'recent.version', 'lists')
    current = tonumber(fields[1] or '-1')
    if current >= 0 and current <= version and not fields[2] then
      redis.call('DEL', KEYS[5 * k - 2], KEYS[5 * k - 1], KEYS[5 * k])
    end
  end
  if current <= version then
    if ttl > 0 then
      redis.call('SET', lists, value, 'EX', ttl)
    else
      redis.call('SET', lists, value)
    end
    written = written + 1
  end
end
return written
