package io.streamrec.api.trend;

import io.streamrec.api.index.ItemIndex;
import io.streamrec.api.error.ApiException;
import io.streamrec.api.recommend.ScoredItem;
import io.streamrec.core.decay.LogDecay;
import io.streamrec.core.redis.RedisKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.Tuple;

/**
 * Reads the trending lists the job publishes (items by decayed popularity, overall or per category,
 * over the short "1h" or the long "24h" half-life) and reports each item's popularity decayed to now.
 * The first page of every list read is remembered (a bounded LRU), so recommendations can still be
 * assembled from memory while Redis is unavailable ({@link #cached}).
 *
 * <p>Ranking reads the lists on every request ({@link #popularity}): once a list has been read, a request
 * that finds it older than its maximum age gets it as it is and a background thread reads it again, so no
 * request waits for Redis (and for parsing a thousand scores) on a list's behalf after the first.
 */
public final class TrendingService implements AutoCloseable {
    /** The trending window with the short half-life. */
    public static final String SHORT_WINDOW = "1h";
    /** The trending window with the long half-life: the one recommendations and buy again use. */
    public static final String LONG_WINDOW = "24h";
    public static final List<String> WINDOWS = List.of(SHORT_WINDOW, LONG_WINDOW);
    static final int MAX_CACHED_LISTS = 1024;
    static final int CACHED_DEPTH = 1000;

    private final UnifiedJedis redis;
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

    /** Lists being read again in the background (one read per list at a time). */
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private final AtomicLong failedRefreshes = new AtomicLong();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "trending-refresh");
        t.setDaemon(true);
        return t;
    });

    /** {@code index} tells which items the catalogue keeps out (unavailable, deleted): never listed. */
    public TrendingService(UnifiedJedis redis, ItemIndex index, double shortHalfLifeMillis, double longHalfLifeMillis) {
        this.redis = redis;
        this.index = index;
        this.shortHalfLifeMillis = shortHalfLifeMillis;
        this.longHalfLifeMillis = longHalfLifeMillis;
    }

    /** Stops the background reads. */
    @Override
    public void close() {
        refresher.shutdownNow();
    }

    /** Background reads of a stale list that failed (Redis unavailable); the list read before was kept. */
    public long failedRefreshes() {
        return failedRefreshes.get();
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
                    remember(key, tuples, null);
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
     * The first {@link #CACHED_DEPTH} entries of a list as item → popularity, decayed to when they were read;
     * possibly empty; not filtered by the catalogue (callers check {@link ItemIndex#admits} for what they take).
     * The first call for a list reads it from Redis; later ones return what was read and, once that is older
     * than {@code maxAgeMillis}, have it read again in the background (ranking reads these on every request).
     * Throws {@link JedisException} when Redis is unavailable and nothing was read before.
     */
    public Map<String, Double> popularity(String window, String category, long maxAgeMillis) {
        String key = key(window, category);
        Read read;
        synchronized (lastRead) {
            read = lastRead.get(key);
        }
        if (read == null) {
            return readWithPopularity(key, window).popularity();
        }
        if (System.currentTimeMillis() - read.at() > maxAgeMillis && refreshing.add(key)) {
            try {
                refresher.execute(() -> {
                    try {
                        readWithPopularity(key, window);
                    } catch (JedisException e) {
                        failedRefreshes.incrementAndGet(); // keep what was read before; a later request asks again
                    } finally {
                        refreshing.remove(key);
                    }
                });
            } catch (RejectedExecutionException closed) {
                refreshing.remove(key);
            }
        }
        if (read.popularity() != null) {
            return read.popularity();
        }
        Read withPopularity = new Read(read.tuples(), read.at(), decayed(read.tuples(), window, read.at()));
        synchronized (lastRead) {
            lastRead.replace(key, read, withPopularity); // unless a newer read came in meanwhile
        }
        return withPopularity.popularity();
    }

    /** Reads a list from Redis now, with its popularity decayed to now, and keeps it. */
    private Read readWithPopularity(String key, String window) {
        return remember(key, redis.zrevrangeWithScores(key, 0, CACHED_DEPTH - 1), window);
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

    /** Keeps the first page of a list as read now, with its popularity decayed to now when {@code window} is given. */
    private Read remember(String key, List<Tuple> tuples, String window) {
        List<Tuple> head = List.copyOf(tuples.subList(0, Math.min(tuples.size(), CACHED_DEPTH)));
        long at = System.currentTimeMillis();
        Read read = new Read(head, at, window == null ? null : decayed(head, window, at));
        synchronized (lastRead) {
            lastRead.put(key, read);
        }
        return read;
    }

    private static String key(String window, String category) {
        return category == null ? RedisKeys.trending(window) : RedisKeys.trending(window, category);
    }
}
