package io.streamrec.flink.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.content.TextSpace;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.vector.VectorCodec;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The user learner's read of the item text vectors the API stores, over more than one HSCAN page, and the
 * copy its instances share, read again by a thread of its own.
 */
class TextVectorsIT {
    static EmbeddedRedis server;
    static UnifiedJedis redis;

    @BeforeAll
    static void startRedis() {
        server = EmbeddedRedis.start(Path.of("target/it-redis-text"), 0, false);
        redis = RedisClientFactory.create(new RedisSettings(server.url(), 2000, 4, 500, "test"));
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        server.close();
    }

    @Test
    void readsEveryStoredTextVector() {
        redis.flushAll();
        assertThat(TextVectors.load(redis, 100)).as("nothing stored").isNull();
        byte[] key = RedisKeys.ITEM_TEXT_VECTORS.getBytes(StandardCharsets.UTF_8);
        int n = TextVectors.PAGE * 2 + 7;
        for (int i = 0; i < n; i++) {
            float[] v = {1, i, 0};
            redis.hset(key, ("i" + i).getBytes(StandardCharsets.UTF_8), VectorCodec.encode(v, 1, 0));
        }
        TextSpace space = TextVectors.load(redis, 10_000);
        assertThat(space.size()).isEqualTo(n);
        assertThat(space.dim()).isEqualTo(3);
        assertThat(space.vectorOf("i0")).containsExactly(1f, 0f, 0f);
        assertThat(space.similar("i1", 1, id -> true)).extracting(TextSpace.Neighbour::itemId).containsExactly("i2");
    }

    static void store(String item, float... v) {
        redis.hset(RedisKeys.ITEM_TEXT_VECTORS.getBytes(StandardCharsets.UTF_8), item.getBytes(StandardCharsets.UTF_8),
                VectorCodec.encode(v, 1, 0));
    }

    static boolean threadAlive() {
        return SharedItemVectorsIT.threadAlive("user-learner-text-vectors");
    }

    @Test
    void instancesShareOneCopyThatItsThreadReadsAgainAndSwapsIn() throws Exception {
        redis.flushAll();
        store("a", 1, 0, 0);
        RedisSettings settings = new RedisSettings(server.url(), 2000, 4, 500, "test");
        TextStartSettings text = new TextStartSettings(10, 0.5f, 50, 100);
        SharedTextVectors one = SharedTextVectors.acquire(settings, text);
        SharedTextVectors two = SharedTextVectors.acquire(settings, text);
        try {
            assertThat(two).isSameAs(one);
            TextSpace first = one.current();
            assertThat(first.size()).as("read before the first instance got it").isEqualTo(1);
            assertThat(threadAlive()).isTrue();

            store("b", 0, 1, 0);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (two.current() == first && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(two.current()).as("a new copy swapped in").isNotSameAs(first);
            assertThat(two.current().size()).isEqualTo(2);
            assertThat(first.size()).as("the copy events may still read is left as it was").isEqualTo(1);
            assertThat(one.failures()).isZero();
        } finally {
            one.release();
            assertThat(threadAlive()).as("still used by the other instance").isTrue();
            two.release();
        }
        assertThat(threadAlive()).as("the last release stopped the thread").isFalse();

        SharedTextVectors once = SharedTextVectors.acquire(settings, new TextStartSettings(10, 0.5f, 0, 100));
        try {
            assertThat(once.current().size()).isEqualTo(2);
            assertThat(threadAlive()).as("read only at start: no thread").isFalse();
        } finally {
            once.release();
        }
    }
}
