package io.streamrec.flink.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import io.streamrec.core.vector.VectorCodec;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;

/** The user side's item vectors: one copy per process, read back from the change feed by one thread for all. */
class SharedItemVectorsIT {
    static EmbeddedRedis server;
    static UnifiedJedis redis;
    static LearnerSettings settings;
    static final int DIM = 4;

    @BeforeAll
    static void startRedis() {
        server = EmbeddedRedis.start(Path.of("target/it-redis-shared-items"), 0, false);
        RedisSettings r = new RedisSettings(server.url(), 2000, 4, 500, "test");
        redis = RedisClientFactory.create(r);
        settings = new LearnerSettings(MfConfig.defaults().withDim(DIM), EventWeights.defaults(), 100, 0.5, 1000, 50, 0, r);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        server.close();
    }

    /** What the item-vector sink writes: both vectors, their version, an entry on the change feed (its script). */
    static void publish(String item, long version, float value) {
        float[] vec = new float[DIM + 1];
        float[] ctx = new float[DIM];
        Arrays.fill(vec, value);
        Arrays.fill(ctx, -value);
        long now = System.currentTimeMillis();
        List<byte[]> keys = Stream.of(RedisKeys.ITEM_VECTORS, RedisKeys.ITEM_CHANGES,
                RedisKeys.ITEM_CONTEXT_VECTORS).map(SharedItemVectorsIT::utf8).toList();
        List<byte[]> args = List.of(utf8("1000"), utf8(item), utf8(Long.toString(version)),
                VectorCodec.encode(vec, version, now), VectorCodec.encode(ctx, version, now));
        assertThat(redis.eval(utf8(RedisScripts.WRITE_ITEM_VECTORS.source()), keys, args)).isEqualTo(1L);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static float first(io.streamrec.core.vector.ItemMatrix m, String item) {
        float[] out = new float[m.width()];
        assertThat(m.copyInto(item, out)).as(item + " cached").isTrue();
        return out[0];
    }

    /** Waits (up to 10 s) until {@code item}'s first coordinate in {@code m} is {@code value}. */
    static void awaitFirst(io.streamrec.core.vector.ItemMatrix m, String item, float value) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        float[] out = new float[m.width()];
        while (!(m.copyInto(item, out) && out[0] == value) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(first(m, item)).as(item).isEqualTo(value);
    }

    /** Whether a live thread of this name runs (the shared copies' background readers). */
    static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void instancesShareOneCopyThatItsThreadKeepsCurrentAndTheLastReleaseStops() throws Exception {
        redis.flushAll();
        publish("a", 1, 0.5f);
        SharedItemVectors one = SharedItemVectors.acquire(settings);
        SharedItemVectors two = SharedItemVectors.acquire(settings);
        try {
            assertThat(two).isSameAs(one);
            assertThat(first(one.items(), "a")).isEqualTo(0.5f); // loaded at the first acquire, before it returned
            assertThat(first(one.contexts(), "a")).isEqualTo(-0.5f);
            assertThat(threadAlive("user-learner-item-feed")).isTrue();

            publish("a", 2, 0.75f);
            publish("b", 1, 0.25f);
            awaitFirst(two.items(), "a", 0.75f); // no instance reads the feed: the copy's thread does
            awaitFirst(two.items(), "b", 0.25f);
            awaitFirst(two.contexts(), "b", -0.25f);

            // a reader holds the read lock: the feed's changes wait for it, then apply
            Lock reading = two.readLock();
            reading.lock();
            try {
                publish("c", 1, 1f);
                Thread.sleep(300); // six poll periods
                assertThat(two.items().rowOf("c")).isNegative();
            } finally {
                reading.unlock();
            }
            awaitFirst(two.items(), "c", 1f);
            assertThat(one.feedFailures()).isZero();
            assertThat(one.millisSinceFeedRead()).isBetween(0L, 5_000L);
        } finally {
            one.release();
            assertThat(threadAlive("user-learner-item-feed")).as("still used by the other instance").isTrue();
            two.release();
        }
        assertThat(threadAlive("user-learner-item-feed")).as("the last release stopped the thread").isFalse();
        SharedItemVectors again = SharedItemVectors.acquire(settings);
        try {
            assertThat(again).as("the last release dropped the copy").isNotSameAs(one);
            assertThat(first(again.items(), "c")).isEqualTo(1f);
        } finally {
            again.release();
        }
    }

    /**
     * The sink's script announces all items of a call in one feed entry; entries of releases before (one
     * item each) are read as well.
     */
    @Test
    void oneFeedEntryNamesEveryItemOfAScriptCallAndOldEntriesStillCount() throws Exception {
        redis.flushAll();
        SharedItemVectors feed = SharedItemVectors.acquire(settings);
        try {
            long now = System.currentTimeMillis();
            List<byte[]> keys = Stream.of(RedisKeys.ITEM_VECTORS, RedisKeys.ITEM_CHANGES,
                    RedisKeys.ITEM_CONTEXT_VECTORS).map(SharedItemVectorsIT::utf8).toList();
            List<byte[]> args = new java.util.ArrayList<>(List.of(utf8("1000")));
            for (String item : List.of("x", "y", "z")) {
                float[] vec = new float[DIM + 1];
                Arrays.fill(vec, item.charAt(0));
                args.addAll(List.of(utf8(item), utf8("1"), VectorCodec.encode(vec, 1, now),
                        VectorCodec.encode(new float[DIM], 1, now)));
            }
            // Redis holds a newer y: not written, not announced
            redis.hset(utf8(RedisKeys.ITEM_VECTORS), utf8("y"), VectorCodec.encode(new float[DIM + 1], 5, now));
            assertThat(redis.eval(utf8(RedisScripts.WRITE_ITEM_VECTORS.source()), keys, args)).isEqualTo(2L);
            assertThat(redis.xlen(RedisKeys.ITEM_CHANGES)).isEqualTo(1);
            var entry = redis.xrange(RedisKeys.ITEM_CHANGES, "-", "+").get(0).getFields();
            assertThat(entry).containsExactly(java.util.Map.entry(RedisKeys.CHANGE_ITEMS, "x\nz"));
            // an entry as releases before wrote it, for an item whose vector is in Redis
            float[] old = new float[DIM + 1];
            Arrays.fill(old, 7f);
            redis.hset(utf8(RedisKeys.ITEM_VECTORS), utf8("w"), VectorCodec.encode(old, 1, now));
            redis.xadd(RedisKeys.ITEM_CHANGES, StreamEntryID.NEW_ENTRY,
                    java.util.Map.of(RedisKeys.CHANGE_ITEM, "w", RedisKeys.CHANGE_VERSION, "1"));
            awaitFirst(feed.items(), "x", 'x');
            awaitFirst(feed.items(), "z", 'z');
            awaitFirst(feed.items(), "w", 7f);
            assertThat(VectorCodec.version(redis.hget(utf8(RedisKeys.ITEM_VECTORS), utf8("y")))).as("the newer y kept").isEqualTo(5);
            assertThat(feed.items().rowOf("y")).as("not announced").isNegative();
        } finally {
            feed.release();
        }
    }
}
