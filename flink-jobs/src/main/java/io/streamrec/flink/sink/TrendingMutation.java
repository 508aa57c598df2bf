package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.flink.trend.ItemTrend;
import java.util.Map;
import redis.clients.jedis.params.ZAddParams;

/**
 * Writes an item's trending scores into the overall and per-category trending ZSETs with
 * {@code ZADD GT}: log scores only grow, so a replay after a restore can never lower one.
 */
public final class TrendingMutation implements RedisMutation<ItemTrend> {
    private static final long serialVersionUID = 1L;
    public static final String SHORT = "1h";
    public static final String LONG = "24h";

    @Override
    public String coalesceKey(ItemTrend t) {
        return t.itemId;
    }

    @Override
    public void write(PipelineBatch p, ItemTrend t, ScriptShas scripts) {
        ZAddParams gt = ZAddParams.zAddParams().gt();
        p.zadd(RedisKeys.trending(SHORT), Map.of(t.itemId, t.logShort), gt);
        p.zadd(RedisKeys.trending(LONG), Map.of(t.itemId, t.logLong), gt);
        if (t.category != null) {
            p.zadd(RedisKeys.trending(SHORT, t.category), Map.of(t.itemId, t.logShort), gt);
            p.zadd(RedisKeys.trending(LONG, t.category), Map.of(t.itemId, t.logLong), gt);
        }
    }
}
