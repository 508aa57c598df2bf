package io.streamrec.flink.learn;

import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.vector.ItemMatrix;
import io.streamrec.core.vector.ItemVectorFeed;
import io.streamrec.flink.sink.SharedRedisClients;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The published item vectors the user side reads ({@link ItemMatrix}: target and context vectors),
 * one copy per task-manager process and configuration, shared by every user-learner instance in it
 * however many slots the process has: each instance used to keep its own copy and read every
 * publication back from the change feed itself. Whichever instance finds the feed due reads it
 * ({@link #pollIfDue}) and applies what changed under the write lock; an instance reads the matrices
 * under the read lock ({@link #readLock}) for the whole of an event.
 *
 * <p>The user code's class loader holds the registry, so jobs never share one; a restarted instance
 * finds the copy the others kept.
 */
final class SharedItemVectors {
    private static final Logger LOG = LoggerFactory.getLogger(SharedItemVectors.class);
    private static final Map<Key, SharedItemVectors> SHARED = new HashMap<>();

    private record Key(RedisSettings redis, int width, int dim, int capacity) {}

    private final Key key;
    private final ItemMatrix items;
    private final ItemMatrix contexts;
    private final ItemVectorFeed feed;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantLock polling = new ReentrantLock();
    private final AtomicLong lastPoll = new AtomicLong();
    private int users;

    private SharedItemVectors(Key key) {
        this.key = key;
        this.items = new ItemMatrix(key.width(), key.capacity());
        this.contexts = new ItemMatrix(key.dim(), key.capacity());
        this.feed = new ItemVectorFeed(SharedRedisClients.acquire(key.redis())).withContexts(contexts);
    }

    /**
     * The copy for {@code settings}, loaded from Redis when this is its first user (an empty one when
     * Redis cannot be read yet: the feed catches up). Give it back with {@link #release}.
     */
    static synchronized SharedItemVectors acquire(LearnerSettings settings) {
        Key key = new Key(settings.redis(), settings.model().width(), settings.model().dim(), settings.itemCacheMax());
        SharedItemVectors s = SHARED.get(key);
        if (s == null) {
            s = new SharedItemVectors(key);
            s.lastPoll.set(System.currentTimeMillis());
            try {
                int n = s.feed.loadAll(s.items);
                LOG.info("user learner: {} published item vectors loaded", n);
            } catch (JedisException e) {
                LOG.warn("user learner: could not load item vectors from Redis yet ({}); starting with an empty cache",
                        e.getMessage());
            }
            SHARED.put(key, s);
        }
        s.users++;
        return s;
    }

    /** Gives back a copy {@link #acquire} returned; the last user drops it. */
    void release() {
        synchronized (SharedItemVectors.class) {
            if (--users == 0) {
                SHARED.remove(key);
                SharedRedisClients.release(key.redis());
            }
        }
    }

    ItemMatrix items() {
        return items;
    }

    ItemMatrix contexts() {
        return contexts;
    }

    /** Held while an instance reads the matrices (one event); the feed's changes wait for it. */
    Lock readLock() {
        return lock.readLock();
    }

    /**
     * Reads the change feed if {@code pollMs} passed since it was last read and no other instance is
     * reading it now; returns whether this call read it. Call it without holding {@link #readLock}.
     *
     * @throws JedisException when Redis cannot be read (the next due call tries again)
     */
    boolean pollIfDue(long now, long pollMs) {
        long last = lastPoll.get();
        if (now - last < pollMs || !polling.tryLock()) {
            return false;
        }
        try {
            if (!lastPoll.compareAndSet(last, now)) {
                return false;
            }
            feed.poll(items, lock.writeLock());
            return true;
        } finally {
            polling.unlock();
        }
    }
}
