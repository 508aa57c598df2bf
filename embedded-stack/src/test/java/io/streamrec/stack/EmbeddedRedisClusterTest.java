package io.streamrec.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

class EmbeddedRedisClusterTest {

    @Test
    void threeMastersShareTheSlotsAndANodeRejoinsAfterACrash() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start(
                Path.of("target/redis-cluster-" + ProcessHandle.current().pid()), 3);
             UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(cluster.url(), 2000, 4, 2000, "test"))) {
            assertThat(redis).isInstanceOf(RedisClusterClient.class);
            assertThat(((RedisClusterClient) redis).getClusterNodes()).hasSize(3);
            Set<Integer> nodes = new HashSet<>();
            for (int u = 0; u < 30; u++) {
                String key = RedisKeys.userVector("user-" + u);
                redis.set(key, "v" + u);
                nodes.add(cluster.nodeOf(key));
            }
            assertThat(nodes).as("users spread over the masters").hasSize(3);
            // keys of one user share a slot, so one script may touch them all
            assertThat(redis.eval("redis.call('SET', KEYS[1], 'a'); return redis.call('HSET', KEYS[2], 'f', 'b')",
                    List.of(RedisKeys.userVector("u1"), RedisKeys.userMeta("u1")), List.of())).isEqualTo(1L);
            assertThatThrownBy(() -> redis.eval("return 1", List.of(RedisKeys.userVector("u1"), RedisKeys.userVector("u2")),
                    List.of())).hasMessageContaining("multiple hash slots");

            String key = RedisKeys.userVector("user-0");
            int node = cluster.nodeOf(key);
            cluster.kill(node);
            assertThatThrownBy(() -> redis.get(key)).as("the slot's only master is down").isNotNull();
            cluster.restart(node);
            assertThat(redis.get(key)).as("the node is back with its slots, its data gone").isNull();
            redis.set(key, "again");
            assertThat(redis.get(key)).isEqualTo("again");
        }
    }
}
