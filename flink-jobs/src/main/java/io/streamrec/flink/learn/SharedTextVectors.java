package io.streamrec.flink.learn;

import io.streamrec.core.content.TextSpace;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.flink.sink.SharedRedisClients;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The items' text vectors the user side starts new items from ({@link TextSpace}), one copy per
 * task-manager process and settings, shared by the user-learner instances in it. It is read from Redis
 * when the first instance acquires it and again every {@code content.start-reload-ms} by a background
 * thread, which builds the new copy aside and then swaps it in: every text vector of the catalogue,
 * which each instance's task thread used to read itself, in the middle of an event. A failed read keeps
 * the copy there is; the next one tries again.
 *
 * <p>The user code's class loader holds the registry, so jobs never share one.
 */
final class SharedTextVectors {
    private static final Logger LOG = LoggerFactory.getLogger(SharedTextVectors.class);
    private static final Map<Key, SharedTextVectors> SHARED = new HashMap<>();

    private record Key(RedisSettings redis, int maxItems, long reloadMs) {}

    private final Key key;
    private final UnifiedJedis redis;
    private final AtomicLong failures = new AtomicLong();
    private volatile TextSpace current;
    private ScheduledExecutorService thread;
    /** Whether the last read failed (only the first failure of a run is logged). Read on one thread at a time. */
    private boolean failing;
    private int users;

    private SharedTextVectors(Key key) {
        this.key = key;
        this.redis = SharedRedisClients.acquire(key.redis());
    }

    /**
     * The copy for these settings, read from Redis when this is its first user (before this returns, so the
     * first events already start new items from their texts) and then every {@code reloadMs} (0: never
     * again). Give it back with {@link #release}.
     */
    static synchronized SharedTextVectors acquire(RedisSettings redis, TextStartSettings text) {
        Key key = new Key(redis, text.maxItems(), text.reloadMs());
        SharedTextVectors s = SHARED.get(key);
        if (s == null) {
            s = new SharedTextVectors(key);
            s.load();
            if (key.reloadMs() > 0) {
                s.thread = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "user-learner-text-vectors");
                    t.setDaemon(true);
                    return t;
                });
                s.thread.scheduleWithFixedDelay(s::load, key.reloadMs(), key.reloadMs(), TimeUnit.MILLISECONDS);
            }
            SHARED.put(key, s);
        }
        s.users++;
        return s;
    }

    /** Gives back a copy {@link #acquire} returned; the last user stops its thread and drops it. */
    void release() {
        synchronized (SharedTextVectors.class) {
            if (--users > 0) {
                return;
            }
            SHARED.remove(key);
            if (thread != null) {
                thread.shutdownNow();
                try {
                    thread.awaitTermination(5, TimeUnit.SECONDS); // a read under way, before its client goes
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            SharedRedisClients.release(key.redis());
        }
    }

    /** The latest text vectors read, null while none were (none stored, or Redis not read yet). */
    TextSpace current() {
        return current;
    }

    /** Failed reads of the text vectors so far. */
    long failures() {
        return failures.get();
    }

    /** Reads every text vector into a new space and swaps it in; keeps the old one when none are stored. */
    private void load() {
        try {
            TextSpace space = TextVectors.load(redis, key.maxItems());
            if (space != null) {
                current = space;
            }
            if (failing) {
                LOG.info("user learner: item text vectors read again");
                failing = false;
            }
        } catch (RuntimeException e) { // JedisException, or anything else: caught, or the executor stops
            failures.incrementAndGet();
            if (!failing) {
                failing = true;
                if (e instanceof JedisException) {
                    LOG.warn("user learner: could not read the item text vectors ({}); keeping what was read", e.getMessage());
                } else {
                    LOG.error("user learner: reading the item text vectors failed; keeping what was read", e);
                }
            }
        }
    }
}
