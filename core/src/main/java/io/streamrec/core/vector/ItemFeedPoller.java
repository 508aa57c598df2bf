package io.streamrec.core.vector;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one background thread that keeps an {@link ItemMatrix} in step with Redis through an
 * {@link ItemVectorFeed}: loads every item vector (and catalogue entry, when the feed follows the
 * catalogue) at the first {@link #sync}, then reads the change feed every {@code pollMillis}. It reads
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
    private final AtomicLong failures = new AtomicLong();
    private ScheduledExecutorService thread;
    private volatile boolean loaded;
    private volatile long lastSyncMillis;
    /** Whether the last read failed, and how many had failed before the run of failures it belongs to. */
    private boolean failing;
    private long failuresBefore;

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
    }

    /**
     * Runs {@link #sync} on the poller's thread every {@code pollMillis} from now on (the first time at
     * once unless a {@link #sync} on the caller's thread loaded everything already).
     */
    public synchronized void start(long pollMillis) {
        if (thread != null) {
            throw new IllegalStateException(name + " already started");
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::sync, loaded ? pollMillis : 0, pollMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads Redis once: everything the first time (until that succeeds), the change feed after. Runs on
     * the poller's thread, or on the caller's before {@link #start} (a load before the first reader).
     */
    public void sync() {
        long applied = Long.MAX_VALUE;
        try {
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
                applied = feed.oldestAppliedMillis();
                lock.writeLock().lock();
                try {
                    afterApply.run();
                } finally {
                    lock.writeLock().unlock();
                }
            }
            lastSyncMillis = System.currentTimeMillis();
            if (failing) {
                LOG.info("{}: Redis read again after {} failed reads", name, failures.get() - failuresBefore);
                failing = false;
            }
        } catch (JedisException e) {
            failed(e, false);
        } catch (RuntimeException e) {
            failed(e, true); // caught, or the executor would never run this again
        }
        if (applied != Long.MAX_VALUE) {
            lagListener.accept(Math.max(0, System.currentTimeMillis() - applied));
        }
    }

    /**
     * Counts a failed read; logs the first of a run of them (a read every {@code pollMillis} while Redis is
     * down would fill the log), the rest only at debug level.
     */
    private void failed(RuntimeException e, boolean unexpected) {
        long n = failures.incrementAndGet();
        if (!failing) {
            failing = true;
            failuresBefore = n - 1;
            if (unexpected) {
                LOG.error("{}: sync failed, keeping {} vectors", name, matrix.size(), e);
            } else {
                LOG.warn("{}: Redis unavailable, keeping {} vectors: {}", name, matrix.size(), e.getMessage());
            }
        } else {
            LOG.debug("{}: still failing: {}", name, e.getMessage());
        }
    }

    /** Whether everything was read once. */
    public boolean loaded() {
        return loaded;
    }

    /** Milliseconds since the last successful read of Redis (-1 before the first). */
    public long millisSinceSync() {
        return lastSyncMillis == 0 ? -1 : System.currentTimeMillis() - lastSyncMillis;
    }

    /** How many reads of Redis failed so far. */
    public long failures() {
        return failures.get();
    }

    /**
     * Stops the thread and waits (up to a few seconds) for a read under way, so the caller may close the
     * Redis client afterwards.
     */
    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("{}: a read of Redis still under way after 5 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }
}
