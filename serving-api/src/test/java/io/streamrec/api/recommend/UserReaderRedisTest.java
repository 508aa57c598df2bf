package io.streamrec.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.UserPseudonyms;
import io.streamrec.core.interest.UserLists;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.vector.VectorCodec;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** What the reader takes from the values the job wrote: the user's history is the vector's own version. */
class UserReaderRedisTest {
    static EmbeddedRedis server;
    static UnifiedJedis redis;

    @BeforeAll
    static void start() {
        server = EmbeddedRedis.start(Path.of("target/user-reader-redis-" + ProcessHandle.current().pid()), 0, false);
        redis = RedisClientFactory.create(new RedisSettings(server.url(), 2000, 2, 500, "user-reader-test"));
    }

    @AfterAll
    static void stop() {
        redis.close();
        server.close();
    }

    static UserState read(String user, int width) {
        UserReader reader = new UserReader(redis, UserPseudonyms.of(""), width, 3_600_000d, 86_400_000d, () -> 0L);
        return reader.read(new RecommendationService.Request(user, 10, null, RecommendationService.Exclude.SEEN,
                false, null, false), false);
    }

    @Test
    void theHistoryIsTheVectorsVersionNotAnEarlierReleasesMetaField() {
        redis.set(RedisKeys.userVector("ann").getBytes(StandardCharsets.UTF_8), VectorCodec.encode(new float[] {1, 2, 1}, 42, 0));
        redis.set(RedisKeys.userLists("ann").getBytes(StandardCharsets.UTF_8), UserLists.empty(40, 0).withRecent("a", 1).encode());
        redis.hset(RedisKeys.userMeta("ann"), Map.of(RedisKeys.META_VECTOR_VERSION, "7")); // left by an earlier release

        UserState ann = read("ann", 3);

        assertThat(ann.history()).isEqualTo(42);
        assertThat(ann.query()).containsExactly(1, 2, 1);
        assertThat(ann.exclude()).containsExactly("a");
    }

    @Test
    void noVectorOrOneOfAnotherWidthIsNoHistory() {
        redis.set(RedisKeys.userVector("bob").getBytes(StandardCharsets.UTF_8), VectorCodec.encode(new float[] {1, 2}, 9, 0));

        assertThat(read("bob", 3).history()).isZero();
        assertThat(read("bob", 3).query()).isNull();
        assertThat(read("nobody", 3).history()).isZero();
    }
}
