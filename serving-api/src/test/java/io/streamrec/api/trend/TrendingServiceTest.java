package io.streamrec.api.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.api.index.ItemIndex;
import io.streamrec.core.kernel.ScanPool;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Against a real redis-server: a list is read from Redis on first use; after that, a request that finds it
 * stale gets it as it is while a background thread reads it again, and a failed background read keeps it.
 */
class TrendingServiceTest {
    @Test
    void staleListsAreServedAsTheyAreAndReadAgainInTheBackground() throws Exception {
        Path dir = Path.of("target/trending-service-" + ProcessHandle.current().pid());
        EmbeddedRedis server = EmbeddedRedis.start(dir, 0, false);
        UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(server.url(), 300, 4, 200, "trending-test"));
        ItemIndex index = new ItemIndex(redis, 9, 100, 1000, 0, ScanPool.SERIAL, lag -> { });
        String key = RedisKeys.trending("24h", "garden");
        try (TrendingService trending = new TrendingService(redis, index, 3_600_000, 86_400_000)) {
            redis.zadd(key, 10, "rake");
            Map<String, Double> first = trending.popularity("24h", "garden", 60_000);
            assertThat(first).containsOnlyKeys("rake");
            redis.zadd(key, 20, "hose");
            assertThat(trending.popularity("24h", "garden", 60_000)).as("fresh enough: not read again")
                    .isSameAs(first);

            // stale: the request gets what was read before, at once; the list is read again behind it
            Map<String, Double> stale = trending.popularity("24h", "garden", 0);
            assertThat(stale).isSameAs(first);
            long end = System.nanoTime() + 10_000_000_000L;
            Map<String, Double> now = stale;
            while (now.size() < 2 && System.nanoTime() < end) {
                Thread.sleep(5);
                now = trending.popularity("24h", "garden", 60_000);
            }
            assertThat(now.keySet()).containsExactly("hose", "rake");

            // Redis gone: what was read stays; a list never read fails
            server.close();
            assertThat(trending.failedRefreshes()).isZero();
            assertThat(trending.popularity("24h", "garden", 0)).isSameAs(now);
            end = System.nanoTime() + 10_000_000_000L;
            while (trending.failedRefreshes() == 0 && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            assertThat(trending.failedRefreshes()).as("the background read ran and failed").isPositive();
            assertThat(trending.popularity("24h", "garden", 60_000)).as("and what was read stays").isSameAs(now);
            assertThatThrownBy(() -> trending.popularity("24h", "kitchen", 0)).isInstanceOf(JedisException.class);
        } finally {
            index.close();
            redis.close();
            server.close();
        }
    }
}
