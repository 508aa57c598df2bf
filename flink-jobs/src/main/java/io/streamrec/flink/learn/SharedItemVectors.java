package io.streamrec.flink.learn;

import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.util.ProcessShared;
import io.streamrec.core.vector.ItemFeedPoller;
import io.streamrec.core.vector.ItemMatrix;
import io.streamrec.core.vector.ItemVectorFeed;
import io.streamrec.flink.sink.SharedRedisClients;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The published item vectors the user side reads ({@link ItemMatrix}: target and context vectors),
 * one copy per task-manager process and configuration, shared by every user-learner instance in it
 * however many slots the process has: each instance used to keep its own copy and read every
 * publication back from the change feed itself. One background thread per copy ({@link ItemFeedPoller})
 * reads the feed every {@code model.mf.item-feed-poll-ms} and applies what changed under the write lock;
 * an instance reads the matrices under the read lock ({@link #readLock}) for the whole of an event, and
 * its task thread never waits for Redis on the feed's behalf (it did while an instance read the feed
 * for all in the middle of an event).
 *
 * <p>The user code's class loader holds the registry, so jobs never share one; a restarted instance
 * finds the copy the others kept.
 */
final class SharedItemVectors {
    private static final ProcessShared<Key, SharedItemVectors> SHARED =
            new ProcessShared<>(SharedItemVectors::open, SharedItemVectors::close);

    private record Key(RedisSettings redis, int width, int dim, int capacity, long pollMs) {}

    private final Key key;
    private final ItemMatrix items;
    private final ItemMatrix contexts;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ItemFeedPoller poller;

    private SharedItemVectors(Key key) {
        this.key = key;
        this.items = new ItemMatrix(key.width(), key.capacity());
        this.contexts = new ItemMatrix(key.dim(), key.capacity());
        ItemVectorFeed feed = new ItemVectorFeed(SharedRedisClients.acquire(key.redis())).withContexts(contexts);
        this.poller = new ItemFeedPoller("user-learner-item-feed", feed, items, lock, () -> {}, lag -> {});
    }

    /**
     * The copy for {@code settings}, loaded from Redis when this is its first user (an empty one when
     * Redis cannot be read yet: the poller loads it as soon as it can), its poller started. Give it back
     * with {@link #release}.
     */
    static SharedItemVectors acquire(LearnerSettings settings) {
        return SHARED.acquire(new Key(settings.redis(), settings.model().width(), settings.model().dim(),
                settings.itemCacheMax(), settings.itemFeedPollMs()));
    }

    /** Gives back a copy {@link #acquire} returned; the last user stops its poller and drops it. */
    void release() {
        SHARED.release(key);
    }

    private static SharedItemVectors open(Key key) {
        SharedItemVectors s = new SharedItemVectors(key);
        s.poller.sync(); // the first event scores with what is published, not with id-seeded starts
        s.poller.start(key.pollMs());
        return s;
    }

    private void close() {
        poller.close();
        SharedRedisClients.release(key.redis());
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

    /** The poller's failed reads of Redis so far (one count per process and copy, whichever instance asks). */
    long feedFailures() {
        return poller.failures();
    }

    /** Milliseconds since the poller last read Redis (-1 before the first time). */
    long millisSinceFeedRead() {
        return poller.millisSinceSync();
    }
}
