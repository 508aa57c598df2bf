package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.flink.explore.ArmUpdate;

/** {@code HSET sr:{explore}:arms <category> "impressions clicks refTs"}; the newest per category wins a batch. */
public final class ArmMutation implements RedisMutation<ArmUpdate> {
    private static final long serialVersionUID = 1L;

    @Override
    public String coalesceKey(ArmUpdate u) {
        return u.category;
    }

    @Override
    public void write(PipelineBatch p, ArmUpdate u, ScriptShas scripts) {
        p.hset(RedisKeys.EXPLORE_ARMS, u.category, RedisKeys.armValue(u.impressions, u.clicks, u.refTs));
    }
}
