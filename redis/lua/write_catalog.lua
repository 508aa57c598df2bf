-- Write catalogue entries (or deletion tombstones) and announce each on the change feed, so every
-- API process and the job learn of it without scanning keys.
-- KEYS[1]  sr:{items}:catalog  (HASH itemId -> compact JSON, core/.../catalog/CatalogItem.java)
-- KEYS[2]  sr:{items}:changes  (STREAM; catalogue entries carry {c = itemId})
-- ARGV[1]  approximate maximum length of the change feed
-- ARGV[2..] itemId, json, itemId, json, ...
-- Returns the number of entries written.
local written = 0
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', 'c', ARGV[i])
  written = written + 1
end
return written
