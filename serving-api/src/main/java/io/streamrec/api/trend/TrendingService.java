package io.streamrec.api.trend;

import io.streamrec.api.catalog.ItemIndex;
import io.streamrec.api.error.ApiException;
import io.streamrec.api.recommend.ScoredItem;
import io.streamrec.core.decay.LogDecay;
import io.streamrec.core.redis.RedisKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.Tuple;

/**
 * Reads the trending lists the job publishes (items by decayed popularity, overall or per category,
 * over the short "1h" or the long "24h" half-life) and reports each item's popularity decayed to now.
 * The first page of every list read is remembered (a bounded LRU), so recommendations can still be
 * assembled from memory while Redis is unavailable ({@link #cached}).
 */
public final class TrendingService {
    public static final List<String> WINDOWS = List.of("1h", "24h");
    static final int MAX_CACHED_LISTS = 1024;
    static final int CACHED_DEPTH = 1000;

    private final RedisClient redis;
    private final ItemIndex index;
    private final double shortHalfLifeMillis;
    private final double longHalfLifeMillis;
    /** A list as read, with its popularity decayed to the time of reading (computed once per read). */
    private record Read(List<Tuple> tuples, long at, Map<String, Double> popularity) {}

    private final Map<String, Read> lastRead = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Read> eldest) {
            return size() > MAX_CACHED_LISTS;
        }
    };

    /** {@code index} tells which items the catalogue keeps out (unavailable, deleted): never listed. */
    public TrendingService(RedisClient redis, ItemIndex index, double shortHalfLifeMillis, double longHalfLifeMillis) {
        this.redis = redis;
        this.index = index;
        this.shortHalfLifeMillis = shortHalfLifeMillis;
        this.longHalfLifeMillis = longHalfLifeMillis;
    }

    /**
     * Up to {@code k} items, most popular first, each admitted by {@code admit}; category may be null.
     * 503 when Redis is unavailable.
     */
    public List<ScoredItem> top(String window, String category, int k, Predicate<String> admit, boolean explain) {
        String key = key(window, category);
        List<ScoredItem> out = new ArrayList<>(k);
        int from = 0;
        int page = Math.max(k * 2, 100);
        try {
            while (out.size() < k) {
                List<Tuple> tuples = redis.zrevrangeWithScores(key, from, from + page - 1);
                if (from == 0) {
                    remember(key, tuples);
                }
                collect(tuples, window, category, k, admit, explain, out);
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

    /** As {@link #top}, from the lists last read from Redis (possibly empty); never touches Redis. */
    public List<ScoredItem> cached(String window, String category, int k, Predicate<String> admit, boolean explain) {
        Read read;
        synchronized (lastRead) {
            read = lastRead.get(key(window, category));
        }
        List<ScoredItem> out = new ArrayList<>(k);
        if (read != null) {
            collect(read.tuples(), window, category, k, admit, explain, out);
        }
        return out;
    }

    /**
     * The first {@link #CACHED_DEPTH} entries of a list as item → popularity, read from Redis (and decayed)
     * at most once per {@code maxAgeMillis} (ranking reads these on every request); possibly empty; not
     * filtered by the catalogue (callers check {@link ItemIndex#admits} for what they take). Throws
     * {@link JedisException} when Redis is unavailable and nothing was read before.
     */
    public Map<String, Double> popularity(String window, String category, long maxAgeMillis) {
        String key = key(window, category);
        long now = System.currentTimeMillis();
        Read read;
        synchronized (lastRead) {
            read = lastRead.get(key);
        }
        if (read == null || now - read.at() > maxAgeMillis) {
            try {
                read = remember(key, redis.zrevrangeWithScores(key, 0, CACHED_DEPTH - 1));
            } catch (JedisException e) {
                if (read == null) {
                    throw e;
                }
            }
        }
        if (read.popularity() != null && read.popularity().size() == read.tuples().size()) {
            return read.popularity();
        }
        Read withPopularity = new Read(read.tuples(), read.at(), decayed(read.tuples(), window, read.at()));
        synchronized (lastRead) {
            lastRead.put(key, withPopularity);
        }
        return withPopularity.popularity();
    }

    /** Item → popularity at {@code at}, most popular first (unmodifiable; callers filter what they show). */
    private Map<String, Double> decayed(List<Tuple> tuples, String window, long at) {
        double halfLife = window.equals("1h") ? shortHalfLifeMillis : longHalfLifeMillis;
        Map<String, Double> out = new LinkedHashMap<>();
        for (Tuple t : tuples) {
            out.put(t.getElement(), LogDecay.valueAt(t.getScore(), at, halfLife));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private void collect(List<Tuple> tuples, String window, String category, int k, Predicate<String> admit,
                         boolean explain, List<ScoredItem> out) {
        double halfLife = window.equals("1h") ? shortHalfLifeMillis : longHalfLifeMillis;
        long now = System.currentTimeMillis();
        for (Tuple t : tuples) {
            if (out.size() < k && admit.test(t.getElement()) && index.admits(t.getElement(), ItemIndex.Filter.NONE)) {
                out.add(new ScoredItem(t.getElement(), LogDecay.valueAt(t.getScore(), now, halfLife),
                        explain ? List.of(category == null ? "trending" : "trending in " + category) : null));
            }
        }
    }

    private Read remember(String key, List<Tuple> tuples) {
        List<Tuple> head = List.copyOf(tuples.subList(0, Math.min(tuples.size(), CACHED_DEPTH)));
        Read read = new Read(head, System.currentTimeMillis(), null);
        synchronized (lastRead) {
            lastRead.put(key, read);
        }
        return read;
    }

    private static String key(String window, String category) {
        return category == null ? RedisKeys.trending(window) : RedisKeys.trending(window, category);
    }
}
