package io.streamrec.core.redis;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A read of Redis repeated on a daemon thread of its own, so the threads that use what it reads never
 * wait for Redis: the API's item index and the job's shared item and text vectors. A failed read is
 * counted and the next one tries again; only the first failure of a run is logged (a read every few
 * milliseconds while Redis is down would fill the log), and the first success after it.
 */
public final class BackgroundRead implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundRead.class);

    private final String name;
    private final Runnable read;
    private final AtomicLong failures = new AtomicLong();
    private ScheduledExecutorService thread;
    private volatile long lastSuccessMillis;
    /** Whether the last read failed, and how many had failed before the run of failures it belongs to. */
    private boolean failing;
    private long failuresBefore;

    /**
     * @param name the thread's name and its log lines' prefix
     * @param read one read: throws (a {@link JedisException} when Redis cannot be read) when it failed
     */
    public BackgroundRead(String name, Runnable read) {
        this.name = name;
        this.read = read;
    }

    /**
     * Reads once; whether it succeeded. On the thread from {@link #start} on, or on the caller's before it
     * (a read before the first user).
     */
    public boolean runOnce() {
        try {
            read.run();
        } catch (RuntimeException e) { // caught: an exception would stop the thread's schedule
            long n = failures.incrementAndGet();
            if (!failing) {
                failing = true;
                failuresBefore = n - 1;
                if (e instanceof JedisException) {
                    LOG.warn("{}: Redis unavailable, keeping what was read: {}", name, e.getMessage());
                } else {
                    LOG.error("{}: read failed, keeping what was read", name, e);
                }
            } else {
                LOG.debug("{}: still failing: {}", name, e.getMessage());
            }
            return false;
        }
        lastSuccessMillis = System.currentTimeMillis();
        if (failing) {
            LOG.info("{}: Redis read again after {} failed reads", name, failures.get() - failuresBefore);
            failing = false;
        }
        return true;
    }

    /** Runs {@link #runOnce} on the thread after {@code initialDelayMillis}, then every {@code periodMillis}. */
    public synchronized void start(long initialDelayMillis, long periodMillis) {
        if (thread != null) {
            throw new IllegalStateException(name + " already started");
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::runOnce, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** How many reads failed so far. */
    public long failures() {
        return failures.get();
    }

    /** Milliseconds since the last successful read (-1 before the first). */
    public long millisSinceSuccess() {
        return lastSuccessMillis == 0 ? -1 : System.currentTimeMillis() - lastSuccessMillis;
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
