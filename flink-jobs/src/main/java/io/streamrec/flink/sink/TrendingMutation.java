package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.flink.trend.ItemTrend;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.params.ZAddParams;

/**
 * Writes an item's trending scores into the overall and per-category trending ZSETs with
 * {@code ZADD GT}: log scores only grow, so a replay after a restore can never lower one. A flush
 * sends one {@code ZADD} per sorted set with all of its items, not four per item.
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
        writeAll(p, List.of(t), scripts);
    }

    @Override
    public void writeAll(PipelineBatch p, List<ItemTrend> trends, ScriptShas scripts) {
        Map<String, Map<String, Double>> byKey = new LinkedHashMap<>();
        for (ItemTrend t : trends) {
            add(byKey, RedisKeys.trending(SHORT), t.itemId, t.logShort);
            add(byKey, RedisKeys.trending(LONG), t.itemId, t.logLong);
            if (t.category != null) {
                add(byKey, RedisKeys.trending(SHORT, t.category), t.itemId, t.logShort);
                add(byKey, RedisKeys.trending(LONG, t.category), t.itemId, t.logLong);
            }
        }
        ZAddParams gt = ZAddParams.zAddParams().gt();
        byKey.forEach((key, scores) -> p.zadd(key, scores, gt));
    }

    private static void add(Map<String, Map<String, Double>> byKey, String key, String itemId, double score) {
        byKey.computeIfAbsent(key, k -> new HashMap<>()).put(itemId, score);
    }
}
