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

/** The user learner's read of the item text vectors the API stores, over more than one HSCAN page. */
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
}
