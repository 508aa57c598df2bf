package io.streamrec.api.recommend;

import io.streamrec.core.interest.CategoryInterests;
import io.streamrec.core.rank.ThompsonSampler;
import io.streamrec.core.redis.RedisKeys;
import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The exploration feedback per category the job publishes ({@link RedisKeys#EXPLORE_ARMS}), read at
 * most every {@code maxAgeMillis} and decayed to the time of reading. When Redis does not answer, the
 * last arms read are kept.
 */
final class ExploreArms {
    private final UnifiedJedis redis;
    private final double halfLifeMillis;
    private final long maxAgeMillis;
    private volatile Map<String, ThompsonSampler.Arm> arms = Map.of();
    private volatile long readAt;

    ExploreArms(UnifiedJedis redis, double halfLifeMillis, long maxAgeMillis) {
        this.redis = redis;
        this.halfLifeMillis = halfLifeMillis;
        this.maxAgeMillis = maxAgeMillis;
    }

    Map<String, ThompsonSampler.Arm> current() {
        long now = System.currentTimeMillis();
        if (now - readAt > maxAgeMillis) {
            readAt = now;
            try {
                Map<String, ThompsonSampler.Arm> fresh = new HashMap<>();
                redis.hgetAll(RedisKeys.EXPLORE_ARMS).forEach((category, value) -> {
                    double[] v = RedisKeys.parseArmValue(value);
                    if (v != null) { // else not written by the job: not an arm
                        long ref = (long) v[2];
                        fresh.put(category, new ThompsonSampler.Arm(CategoryInterests.decayed(v[0], ref, now, halfLifeMillis),
                                CategoryInterests.decayed(v[1], ref, now, halfLifeMillis)));
                    }
                });
                arms = fresh;
            } catch (JedisException e) {
                // keep the arms read before
            }
        }
        return arms;
    }
}
