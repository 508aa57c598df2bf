-- Apply the changes of a user's recent items, bought items and category interests since the version
-- the writer last wrote (replace_recent_items.lua writes them whole). Applied only when Redis holds
-- exactly that base version; otherwise nothing is changed and -1 tells the writer to write the user
-- whole. An event changes one recent item and one or two interests, so this is a few commands where
-- a whole write rebuilds up to 100 sorted-set members.
--
-- KEYS[1]  sr:{u:<userId>}:recent     (ZSET itemId -> weight)
-- KEYS[2]  sr:{u:<userId>}:meta       (HASH)
-- KEYS[3]  sr:{u:<userId>}:bought     (ZSET itemId -> epoch ms of the latest purchase)
-- KEYS[4]  sr:{u:<userId>}:interest   (HASH category -> "short long", decayed to recent.refTs)
-- ARGV[1]  version of this write
-- ARGV[2]  base version: the version these changes apply to
-- ARGV[3]  reference time of the interests, epoch ms
-- ARGV[4]  time to live in seconds of the keys written (0 = keep forever)
-- ARGV[5]  wall-clock time of this write, epoch ms
-- ARGV[6..11]  counts: recent set (pairs), recent removed, bought set (pairs), bought removed,
--              interests set (pairs), interests removed
-- then the recent pairs score, member; the removed recent members; the bought pairs ts, member; the
-- removed bought members; the interest pairs category, "short long"; the removed categories.
-- Returns 1 when applied, -1 when Redis does not hold the base version.
local current = tonumber(redis.call('HGET', KEYS[2], 'recent.version') or '-1')
if current ~= tonumber(ARGV[2]) then
  return -1
end
local ttl = tonumber(ARGV[4])
local at = 12
-- runs command on key with the next count (ARGV[countAt]) members, or pairs of arguments; true if it ran
local function run(command, key, countAt, pairs)
  local n = tonumber(ARGV[countAt])
  if n == 0 then
    return false
  end
  local first = at
  at = at + (pairs and 2 * n or n)
  redis.call(command, key, unpack(ARGV, first, at - 1))
  return true
end
local touched = {false, true, false, false}
touched[1] = run('ZADD', KEYS[1], 6, true)
run('ZREM', KEYS[1], 7, false)
touched[3] = run('ZADD', KEYS[3], 8, true)
run('ZREM', KEYS[3], 9, false)
touched[4] = run('HSET', KEYS[4], 10, true)
run('HDEL', KEYS[4], 11, false)
redis.call('HSET', KEYS[2], 'recent.version', ARGV[1], 'recent.refTs', ARGV[3], 'updatedAt', ARGV[5])
if ttl > 0 then
  for i = 1, 4 do
    if touched[i] then
      redis.call('EXPIRE', KEYS[i], ttl)
    end
  end
end
return 1
