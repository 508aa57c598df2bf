package io.streamrec.api.trend;

import io.streamrec.api.error.ApiException;
import io.streamrec.api.recommend.ScoredItem;
import io.streamrec.core.decay.LogDecay;
import io.streamrec.core.redis.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.Tuple;

/**
 * Reads the trending lists the job publishes (items by decayed popularity, overall or per category,
 * over the short "1h" or the long "24h" half-life) and reports each item's popularity decayed to now.
 */
public final class TrendingService {
    public static final List<String> WINDOWS = List.of("1h", "24h");

    private final RedisClient redis;
    private final double shortHalfLifeMillis;
    private final double longHalfLifeMillis;

    public TrendingService(RedisClient redis, double shortHalfLifeMillis, double longHalfLifeMillis) {
        this.redis = redis;
        this.shortHalfLifeMillis = shortHalfLifeMillis;
        this.longHalfLifeMillis = longHalfLifeMillis;
    }

    /** Up to {@code k} items, most popular first, none of {@code exclude}; category may be null. */
    public List<ScoredItem> top(String window, String category, int k, Set<String> exclude, boolean explain) {
        String key = category == null ? RedisKeys.trending(window) : RedisKeys.trending(window, category);
        double halfLife = window.equals("1h") ? shortHalfLifeMillis : longHalfLifeMillis;
        long now = System.currentTimeMillis();
        List<ScoredItem> out = new ArrayList<>(k);
        int from = 0;
        try {
            while (out.size() < k) {
                int page = k + exclude.size();
                List<Tuple> tuples = redis.zrevrangeWithScores(key, from, from + page - 1);
                for (Tuple t : tuples) {
                    if (out.size() < k && !exclude.contains(t.getElement())) {
                        out.add(new ScoredItem(t.getElement(), LogDecay.valueAt(t.getScore(), now, halfLife),
                                explain ? List.of(category == null ? "trending" : "trending in " + category) : null));
                    }
                }
                if (tuples.size() < page) {
                    break;
                }
                from += page;
            }
        } catch (JedisException e) {
            throw ApiException.unavailable("Redis unavailable: " + e.getMessage(), 2);
        }
        return out;
    }
}
