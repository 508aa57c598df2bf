package io.streamrec.flink;

import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.stack.EmbeddedKafka;
import io.streamrec.stack.EmbeddedRedisCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The job against a real three-master Redis Cluster: its sinks' scripts and pipelines reach the node
 * of each key's slot, and the end-to-end contract of {@link StreamrecJobIT} holds unchanged.
 */
class RedisClusterIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void learnsFromKafkaIntoARedisCluster() throws Exception {
        Path dir = Path.of("target/it-cluster-" + UUID.randomUUID());
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start(dir.resolve("redis"), 3);
             EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, List.of("events:4", "events.dlq:1"));
             UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(cluster.url(), 2000, 4, 500, "it"))) {
            StreamrecJobIT.runAndAssertLearns(StreamrecJobIT.settings(Files.createTempDirectory("streamrec-it-ckpt"),
                    kafka.bootstrap(), cluster.url()), redis);
        }
    }
}
