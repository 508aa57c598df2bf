-- Write the blend's learned weights unless Redis already holds a newer version of the same learner.
-- KEYS[1]  sr:{blend}:weights  (HASH: lineage, version, weights, steps, updatedAt)
-- ARGV[1]  lineage: the id of the learner's history (a job started without state begins a new one)
-- ARGV[2]  version: observations learned from
-- ARGV[3]  weights: segments x signals little-endian float32 (BlendWeights.Snapshot layout)
-- ARGV[4]  steps per segment, comma-separated
-- ARGV[5]  wall-clock time of this write, epoch ms
-- Returns 1 when written, 0 when skipped as stale (a replay after a restore).
local held = redis.call('HMGET', KEYS[1], 'lineage', 'version')
if held[1] == ARGV[1] and tonumber(held[2] or '-1') >= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], 'lineage', ARGV[1], 'version', ARGV[2], 'weights', ARGV[3], 'steps', ARGV[4],
  'updatedAt', ARGV[5])
return 1
