package io.streamrec.launcher;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.stack.EmbeddedKafka;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Redis and Kafka of the local stack and the local cluster; either component is null where the
 * environment named an existing one.
 */
record LocalInfrastructure(String redisUrl, String kafkaBootstrap, EmbeddedRedis redis, EmbeddedKafka kafka) {

    /**
     * Redis and Kafka for the local stack and the local cluster: those {@code STREAMREC_REDIS_URL} and
     * {@code STREAMREC_KAFKA_BOOTSTRAP} name (the topics created there), else a redis-server and a KRaft
     * broker with the topics, their data under {@code dir}. {@code detached} ones outlive this JVM.
     */
    static LocalInfrastructure start(StreamrecConfig config, Map<String, String> env, Path dir, boolean persistentRedis,
                                         boolean detached, java.io.PrintStream log) {
        String events = config.getString(StreamrecConfig.KAFKA_TOPIC_EVENTS);
        String dlq = config.getString(StreamrecConfig.KAFKA_TOPIC_DLQ);
        int partitions = config.getInt(StreamrecConfig.KAFKA_TOPIC_PARTITIONS);
        EmbeddedRedis redis = null;
        String redisUrl;
        if (env.containsKey("STREAMREC_REDIS_URL")) {
            redisUrl = env.get("STREAMREC_REDIS_URL");
            log.println("  redis     " + redisUrl + " (STREAMREC_REDIS_URL)");
        } else {
            redis = EmbeddedRedis.start(dir.resolve("redis"), 0, persistentRedis, detached);
            redisUrl = redis.url();
            log.println("  redis     " + redisUrl + " (" + redis.executable() + ", data in " + dir.resolve("redis") + ")");
        }
        try {
            if (env.containsKey("STREAMREC_KAFKA_BOOTSTRAP")) {
                String bootstrap = env.get("STREAMREC_KAFKA_BOOTSTRAP");
                createTopics(bootstrap, List.of(new NewTopic(events, partitions, (short) 1), new NewTopic(dlq, 1, (short) 1)));
                log.println("  kafka     " + bootstrap + " (STREAMREC_KAFKA_BOOTSTRAP)");
                return new LocalInfrastructure(redisUrl, bootstrap, redis, null);
            }
            EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0,
                    List.of(events + ":" + partitions, dlq + ":1"), detached);
            log.println("  kafka     " + kafka.bootstrap() + " (KRaft broker, data in " + dir.resolve("kafka") + ")");
            return new LocalInfrastructure(redisUrl, kafka.bootstrap(), redis, kafka);
        } catch (RuntimeException e) {
            if (redis != null) {
                redis.close();
            }
            throw e;
        }
    }

    static void createTopics(String bootstrap, List<NewTopic> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            for (NewTopic t : topics) {
                try {
                    admin.createTopics(List.of(t)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause().getMessage());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
