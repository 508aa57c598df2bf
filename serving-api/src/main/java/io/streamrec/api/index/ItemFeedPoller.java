package io.streamrec.api.index;

import io.streamrec.core.vector.ItemMatrix;
import io.streamrec.core.vector.ItemVectorFeed;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one background thread that keeps an {@link ItemIndex} fresh: loads every item vector and catalogue
 * entry from Redis at the first run, then reads the job's change feed every {@code pollMillis}. It reads
 * Redis without the index's lock and applies what it read under the write lock, so a request never
 * waits for Redis on the feed's behalf. While Redis is down the index keeps what it has.
 */
final class ItemFeedPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ItemFeedPoller.class);

    private final ItemVectorFeed feed;
    private final ItemMatrix matrix;
    private final ReentrantReadWriteLock lock;
    private final Runnable afterApply;
    private final LongConsumer lagListener;
    private final ScheduledExecutorService thread;
    private volatile boolean loaded;
    private volatile long lastSyncMillis;

    /**
     * @param afterApply  run under the write lock after vectors were applied (the index flags new rows)
     * @param lagListener told, after each poll that applied changes, how many milliseconds passed between
     *                    the oldest change being written to Redis and it being applied here
     */
    ItemFeedPoller(ItemVectorFeed feed, ItemMatrix matrix, ReentrantReadWriteLock lock, Runnable afterApply,
                   LongConsumer lagListener, long pollMillis) {
        this.feed = feed;
        this.matrix = matrix;
        this.lock = lock;
        this.afterApply = afterApply;
        this.lagListener = lagListener;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "item-index-feed");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::sync, 0, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** Reads the change feed once (the first time: everything). Runs on the poller thread. */
    void sync() {
        long applied = Long.MAX_VALUE;
        try {
            if (!loaded) {
                lock.writeLock().lock();
                try {
                    int n = feed.loadAll(matrix);
                    loaded = true;
                    afterApply.run();
                    LOG.info("item index: {} item vectors loaded", n);
                } finally {
                    lock.writeLock().unlock();
                }
            } else if (feed.poll(matrix, lock.writeLock()) > 0) { // reads Redis unlocked, applies locked
                applied = feed.oldestAppliedMillis();
                lock.writeLock().lock();
                try {
                    afterApply.run();
                } finally {
                    lock.writeLock().unlock();
                }
            }
            lastSyncMillis = System.currentTimeMillis();
        } catch (JedisException e) {
            LOG.warn("item index: Redis unavailable, keeping {} vectors: {}", matrix.size(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("item index: sync failed", e);
        }
        if (applied != Long.MAX_VALUE) {
            lagListener.accept(Math.max(0, System.currentTimeMillis() - applied));
        }
    }

    boolean loaded() {
        return loaded;
    }

    /** Milliseconds since the last successful read of the change feed (-1 before the first). */
    long millisSinceSync() {
        return lastSyncMillis == 0 ? -1 : System.currentTimeMillis() - lastSyncMillis;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
