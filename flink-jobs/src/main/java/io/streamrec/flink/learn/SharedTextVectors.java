package io.streamrec.flink.learn;

import io.streamrec.core.content.TextSpace;
import io.streamrec.core.redis.BackgroundRead;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.util.ProcessShared;
import io.streamrec.flink.sink.SharedRedisClients;
import redis.clients.jedis.UnifiedJedis;

/**
 * The items' text vectors the user side starts new items from ({@link TextSpace}), one copy per
 * task-manager process and settings, shared by the user-learner instances in it. It is read from Redis
 * when the first instance acquires it and again every {@code content.start-reload-ms} by a background
 * thread ({@link BackgroundRead}), which builds the new copy aside and then swaps it in: every text vector of the catalogue,
 * which each instance's task thread used to read itself, in the middle of an event. A failed read keeps
 * the copy there is; the next one tries again.
 *
 * <p>The user code's class loader holds the registry, so jobs never share one.
 */
final class SharedTextVectors {
    private static final ProcessShared<Key, SharedTextVectors> SHARED =
            new ProcessShared<>(SharedTextVectors::open, SharedTextVectors::close);

    private record Key(RedisSettings redis, int maxItems, long reloadMs) {}

    private final Key key;
    private final UnifiedJedis redis;
    private final BackgroundRead reads;
    private volatile TextSpace current;

    private SharedTextVectors(Key key) {
        this.key = key;
        this.redis = SharedRedisClients.acquire(key.redis());
        this.reads = new BackgroundRead("user-learner-text-vectors", this::load);
    }

    /**
     * The copy for these settings, read from Redis when this is its first user (before this returns, so the
     * first events already start new items from their texts) and then every {@code reloadMs} (0: never
     * again). Give it back with {@link #release}.
     */
    static SharedTextVectors acquire(RedisSettings redis, TextStartSettings text) {
        return SHARED.acquire(new Key(redis, text.maxItems(), text.reloadMs()));
    }

    /** Gives back a copy {@link #acquire} returned; the last user stops its thread and drops it. */
    void release() {
        SHARED.release(key);
    }

    private static SharedTextVectors open(Key key) {
        SharedTextVectors s = new SharedTextVectors(key);
        s.reads.runOnce();
        if (key.reloadMs() > 0) {
            s.reads.start(key.reloadMs(), key.reloadMs());
        }
        return s;
    }

    private void close() {
        reads.close(); // waits for a read under way, before its client goes
        SharedRedisClients.release(key.redis());
    }

    /** The latest text vectors read, null while none were (none stored, or Redis not read yet). */
    TextSpace current() {
        return current;
    }

    /** Failed reads of the text vectors so far. */
    long failures() {
        return reads.failures();
    }

    /** Reads every text vector into a new space and swaps it in; keeps the old one when none are stored. */
    private void load() {
        TextSpace space = TextVectors.load(redis, key.maxItems());
        if (space != null) {
            current = space;
        }
    }
}
