package io.streamrec.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.interest.UserLists;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.vector.VectorCodec;
import io.streamrec.flink.interest.UserRecentItems;
import io.streamrec.flink.learn.VectorUpdate;
import io.streamrec.stack.EmbeddedRedisCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/** The user sinks' script calls on a Redis Cluster: several users per call only where their keys share a slot. */
class RedisSinkClusterIT {
    @Test
    void aFlushWritesEveryUserThroughCallsOfOneSlotEach() throws Exception {
        // users whose keys share a slot (one call takes several of them) among users of other slots
        List<String> users = new ArrayList<>();
        int shared = JedisClusterCRC16.getSlot(RedisKeys.userVector("u0"));
        for (int i = 0; users.size() < 3; i++) {
            if (JedisClusterCRC16.getSlot(RedisKeys.userVector("u" + i)) == shared) {
                users.add("u" + i);
            }
        }
        for (int i = 0; i < 100; i++) {
            users.add("other" + i);
        }
        Path dir = Path.of("target/it-sink-cluster-" + UUID.randomUUID());
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start(dir, 3)) {
            RedisSettings settings = new RedisSettings(cluster.url(), 2000, 4, 500, "it");
            TestProcessingTimeService time = new TestProcessingTimeService();
            try (UnifiedJedis redis = RedisClientFactory.create(settings);
                 RedisSinkWriter<VectorUpdate> vectors = new RedisSinkWriter<>(settings, new VectorMutations.UserVectors(3600),
                         1_000, 50, time, UnregisteredMetricsGroup.createSinkWriterMetricGroup(), UnaryOperator.identity());
                 RedisSinkWriter<UserRecentItems> lists = new RedisSinkWriter<>(settings, new RecentItemsMutation(3600),
                         1_000, 50, time, UnregisteredMetricsGroup.createSinkWriterMetricGroup(), UnaryOperator.identity())) {
                for (String u : users) {
                    vectors.write(new VectorUpdate(u, 2, new float[] {1, 2}, 1), null);
                    lists.write(UserRecentItems.of(u, UserLists.empty(2, 1).withRecent("i-" + u, 1)), null);
                }
                vectors.flush(false);
                lists.flush(false);
                for (String u : users) {
                    byte[] vec = redis.get(RedisKeys.userVector(u).getBytes(StandardCharsets.UTF_8));
                    assertThat(vec).as(u).isNotNull();
                    assertThat(VectorCodec.version(vec)).isEqualTo(2);
                    byte[] l = redis.get(RedisKeys.userLists(u).getBytes(StandardCharsets.UTF_8));
                    assertThat(UserLists.decode(l).recentItems()).containsExactly("i-" + u);
                    assertThat(UserLists.version(l)).isEqualTo(2);
                }
            }
        }
    }
}
