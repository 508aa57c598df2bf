package io.streamrec.api.catalog;

import io.streamrec.core.kernel.TopK;
import io.streamrec.core.vector.ItemMatrix;
import io.streamrec.core.vector.ItemVectorFeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The item vectors the API scores with: one contiguous {@code float[]} in this process
 * ({@link ItemMatrix}), loaded from Redis at start and kept fresh from the job's change feed by one
 * background thread every {@code pollMillis}. Requests scan it under a read lock; the feed applies a
 * batch of changes under the write lock. No request ever scans Redis keys.
 */
public final class ItemIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ItemIndex.class);

    /** One scored item. */
    public record Scored(String itemId, float score) {}

    private final ItemMatrix matrix;
    private final ItemVectorFeed feed;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ScheduledExecutorService poller;
    private volatile boolean loaded;
    private volatile long lastSyncMillis;

    public ItemIndex(RedisClient redis, int width, int capacity, long pollMillis) {
        this.matrix = new ItemMatrix(width, capacity);
        this.feed = new ItemVectorFeed(redis);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "item-index-feed");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::sync, 0, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** Reads the change feed once (the first time: everything). Runs on the poller thread. */
    void sync() {
        lock.writeLock().lock();
        try {
            if (!loaded) {
                int n = feed.loadAll(matrix);
                loaded = true;
                LOG.info("item index: {} item vectors loaded", n);
            } else {
                feed.poll(matrix);
            }
            lastSyncMillis = System.currentTimeMillis();
        } catch (JedisException e) {
            LOG.warn("item index: Redis unavailable, keeping {} vectors: {}", matrix.size(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("item index: sync failed", e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The {@code k} best items for {@code query} (width d+1), leaving out {@code exclude}. */
    public List<Scored> topK(float[] query, int k, Set<String> exclude) {
        lock.readLock().lock();
        try {
            if (query.length != matrix.width()) {
                return List.of();
            }
            TopK heap = new TopK(k);
            matrix.topK(matrix.paddedQuery(query), heap, exclude.isEmpty() ? row -> false
                    : row -> exclude.contains(matrix.idAt(row)));
            List<Scored> out = new ArrayList<>(heap.size());
            for (int row : heap.rowsDescending()) {
                out.add(new Scored(matrix.idAt(row), heap.scoreOf(row)));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        return matrix.size();
    }

    public int width() {
        return matrix.width();
    }

    /** Milliseconds since the last successful read of the change feed (-1 before the first). */
    public long lagMillis() {
        return lastSyncMillis == 0 ? -1 : System.currentTimeMillis() - lastSyncMillis;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
