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
local function take(pairs, n)
  local first = at
  at = at + (pairs and 2 * n or n)
  return first, at - 1
end
local touched = {false, true, false, false}
local n = tonumber(ARGV[6])
if n > 0 then
  local a, b = take(true, n)
  redis.call('ZADD', KEYS[1], unpack(ARGV, a, b))
  touched[1] = true
end
n = tonumber(ARGV[7])
if n > 0 then
  local a, b = take(false, n)
  redis.call('ZREM', KEYS[1], unpack(ARGV, a, b))
end
n = tonumber(ARGV[8])
if n > 0 then
  local a, b = take(true, n)
  redis.call('ZADD', KEYS[3], unpack(ARGV, a, b))
  touched[3] = true
end
n = tonumber(ARGV[9])
if n > 0 then
  local a, b = take(false, n)
  redis.call('ZREM', KEYS[3], unpack(ARGV, a, b))
end
n = tonumber(ARGV[10])
if n > 0 then
  local a, b = take(true, n)
  redis.call('HSET', KEYS[4], unpack(ARGV, a, b))
  touched[4] = true
end
n = tonumber(ARGV[11])
if n > 0 then
  local a, b = take(false, n)
  redis.call('HDEL', KEYS[4], unpack(ARGV, a, b))
end
redis.call('HSET', KEYS[2], 'recent.version', ARGV[1], 'recent.refTs', ARGV[3], 'updatedAt', ARGV[5])
if ttl > 0 then
  for i = 1, 4 do
    if touched[i] then
      redis.call('EXPIRE', KEYS[i], ttl)
    end
  end
end
return 1
