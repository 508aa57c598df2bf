-- Write users' recent items, bought items and category interests (one binary value per user,
-- io.streamrec.core.interest.UserLists), each unless Redis already holds a newer version. The job writes
-- a user's value whole after each of the user's events: one SET, where sorted sets cost an insertion
-- that parses the score of every member it passes. One call writes the users of one flush of the job's
-- sink (in a Redis Cluster, those whose keys share a slot).
--
-- KEYS[5k-4]  sr:{u:<userId>}:lists   (STRING, binary)   of the k-th user
-- KEYS[5k-3]  sr:{u:<userId>}:meta    (HASH)
-- KEYS[5k-2..5k]  the keys earlier releases kept the lists in (:recent, :bought, :interest): deleted at
--             the user's first write here (a user the meta hash knows without its 'lists' field, which
--             this script sets: no EXISTS per write)
-- ARGV[1]     time to live in seconds of the keys written (0 = keep forever)
-- ARGV[2]     wall-clock time of this write, epoch ms
-- ARGV[2k+1]  version of the k-th user's lists
-- ARGV[2k+2]  the k-th user's encoded lists
-- Returns the number of users written (the others were skipped: Redis holds a newer version).
local ttl = tonumber(ARGV[1])
local written = 0
for k = 1, #KEYS / 5 do
  local lists, meta, version = KEYS[5 * k - 4], KEYS[5 * k - 3], ARGV[2 * k + 1]
  local fields = redis.call('HMGET', meta, 'recent.version', 'lists')
  local current = tonumber(fields[1] or '-1')
  if current <= tonumber(version) then
    if current >= 0 and not fields[2] then
      redis.call('DEL', KEYS[5 * k - 2], KEYS[5 * k - 1], KEYS[5 * k])
    end
    if ttl > 0 then
      redis.call('SET', lists, ARGV[2 * k + 2], 'EX', ttl)
    else
      redis.call('SET', lists, ARGV[2 * k + 2])
    end
    redis.call('HSET', meta, 'recent.version', version, 'updatedAt', ARGV[2], 'lists', '1')
    if ttl > 0 then
      redis.call('EXPIRE', meta, ttl)
    end
    written = written + 1
  end
end
return written
