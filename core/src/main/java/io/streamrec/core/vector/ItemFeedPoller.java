package io.streamrec.core.vector;

import io.streamrec.core.redis.BackgroundRead;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one background thread ({@link BackgroundRead}) that keeps an {@link ItemMatrix} in step with Redis
 * through an {@link ItemVectorFeed}: loads every item vector (and catalogue entry, when the feed follows
 * the catalogue) at the first {@link #sync}, then reads the change feed every {@code pollMillis}. It reads
 * Redis without the matrix's lock and applies what it read under the write lock, so a reader of the
 * matrix (a request of the API, an event of the job's user learner) never waits for Redis on the feed's
 * behalf. While Redis is down the matrix keeps what it has and the next run tries again.
 */
public final class ItemFeedPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ItemFeedPoller.class);

    private final String name;
    private final ItemVectorFeed feed;
    private final ItemMatrix matrix;
    private final ReentrantReadWriteLock lock;
    private final Runnable afterApply;
    private final LongConsumer lagListener;
    private final BackgroundRead reads;
    private volatile boolean loaded;

    /**
     * @param name        the thread's name and its log lines' prefix
     * @param afterApply  run under the write lock after vectors were applied (the API's index flags new rows)
     * @param lagListener told, after each poll that applied changes, how many milliseconds passed between
     *                    the oldest change being written to Redis and it being applied here
     */
    public ItemFeedPoller(String name, ItemVectorFeed feed, ItemMatrix matrix, ReentrantReadWriteLock lock,
                          Runnable afterApply, LongConsumer lagListener) {
        this.name = name;
        this.feed = feed;
        this.matrix = matrix;
        this.lock = lock;
        this.afterApply = afterApply;
        this.lagListener = lagListener;
        this.reads = new BackgroundRead(name, this::read);
    }

    /**
     * Runs {@link #sync} on the poller's thread every {@code pollMillis} from now on (the first time at
     * once unless a {@link #sync} on the caller's thread loaded everything already).
     */
    public void start(long pollMillis) {
        reads.start(loaded ? pollMillis : 0, pollMillis);
    }

    /**
     * Reads Redis once: everything the first time (until that succeeds), the change feed after. Runs on
     * the poller's thread, or on the caller's before {@link #start} (a load before the first reader).
     */
    public void sync() {
        reads.runOnce();
    }

    private void read() {
        if (!loaded) {
            lock.writeLock().lock();
            try {
                int n = feed.loadAll(matrix);
                loaded = true;
                afterApply.run();
                LOG.info("{}: {} item vectors loaded", name, n);
            } finally {
                lock.writeLock().unlock();
            }
        } else if (feed.poll(matrix, lock.writeLock()) > 0) { // reads Redis unlocked, applies locked
            long applied = feed.oldestAppliedMillis();
            lock.writeLock().lock();
            try {
                afterApply.run();
            } finally {
                lock.writeLock().unlock();
            }
            lagListener.accept(Math.max(0, System.currentTimeMillis() - applied));
        }
    }

    /** Whether everything was read once. */
    public boolean loaded() {
        return loaded;
    }

    /** Milliseconds since the last successful read of Redis (-1 before the first). */
    public long millisSinceSync() {
        return reads.millisSinceSuccess();
    }

    /** How many reads of Redis failed so far. */
    public long failures() {
        return reads.failures();
    }

    /** Stops the thread and waits for a read under way, so the caller may close the Redis client afterwards. */
    @Override
    public void close() {
        reads.close();
    }
}
