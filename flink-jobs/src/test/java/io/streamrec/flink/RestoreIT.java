package io.streamrec.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.flink.learn.LearnerSettings;
import io.streamrec.flink.learn.PlantedStreamEvents;
import io.streamrec.stack.EmbeddedKafka;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * Kill and restore: the job is cancelled mid-stream and started again from its last retained
 * checkpoint; its final user and item vectors (and recent-interest lists) must equal those of an
 * uninterrupted run over the same events: no event applied twice, none lost.
 *
 * <p>Both runs use parallelism 1, one Kafka partition and the user side's item feed switched off, so
 * that a run is a deterministic function of its input; with the feed on, the user side's view of
 * item vectors depends on timing (see README, "staleness"), and two uninterrupted runs would differ
 * as well. Gradient bundles close on size only here (16 events, 8 shared negatives): an open bundle is
 * checkpointed with the user state, so the restored run sums exactly the same bundles; the item learner
 * caches 20 item states (of 60), written back on eviction and before each checkpoint barrier.
 */
class RestoreIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static EmbeddedRedis redisServer;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startStack() {
        Path dir = Path.of("target/it-restore-" + UUID.randomUUID());
        redisServer = EmbeddedRedis.start(dir.resolve("redis"), 0, false);
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, List.of());
    }

    @AfterAll
    static void stopStack() {
        kafka.close();
        redisServer.close();
    }

    static JobSettings settings(String topic, int db, Path checkpoints) {
        RedisSettings redis = new RedisSettings(redisServer.url() + "/" + db, 2000, 4, 500, "restore-" + db);
        return TestJobSettings.common(1)
                .kafka(kafka.bootstrap(), topic, "events.dlq", "restore-" + UUID.randomUUID())
                .redis(redis)
                .checkpoints(200, checkpoints.toString())
                .sink(200, 20)
                // bundles that close on size only (no timer), so that a run stays a function of its input
                .learner(new LearnerSettings(MfConfig.defaults().withDim(16), EventWeights.defaults(), 500, 0.5, 10_000, 0,
                        0.05, redis).withBundles(16, 0, 8).withStateCache(20))
                .interest(io.streamrec.flink.interest.InterestSettings.defaults(0, redis))
                .build();
    }

    static JobClient start(JobSettings s, String restoreFrom) throws Exception {
        return start(s, restoreFrom, 1);
    }

    /** The job in this JVM's MiniCluster, from {@code restoreFrom} (a checkpoint or savepoint) when not null. */
    static JobClient start(JobSettings s, String restoreFrom, int parallelism) throws Exception {
        Configuration conf = StreamrecJob.flinkConfiguration(s);
        if (restoreFrom != null) {
            conf.setString("execution.state-recovery.path", restoreFrom);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return new StreamrecJob(StreamrecJob.kafkaSource(s), StreamrecJob.redisSinks(s, StreamrecJob.deadLetterSink(s)), s)
                .executeAsync(env);
    }

    /** {@code events} onto partition 0 of {@code topic}, in order. */
    static void produce(String topic, List<Event> events) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = StreamrecJobIT.producer(kafka.bootstrap())) {
            for (Event e : events) {
                p.send(new ProducerRecord<>(topic, 0, e.userId.getBytes(StandardCharsets.UTF_8),
                        EventJson.toJson(e).getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }

    @Test
    void killedAndRestoredRunEndsInTheSameStateAsAnUninterruptedOne() throws Exception {
        String topic = "restore-" + UUID.randomUUID();
        // the interrupted run reads its own topic, which gets the second half of the events only after the kill:
        // it is killed mid-stream however fast the job and however slow its first checkpoint
        String interruptedTopic = topic + "-interrupted";
        List<Event> events = PlantedStreamEvents.events(25, 30, 15_000, 21);
        produce(topic, events);
        produce(interruptedTopic, events.subList(0, events.size() / 2));
        Map<String, Long> perUser = new HashMap<>();
        events.forEach(e -> perUser.merge(e.userId, 1L, Long::sum));

        try (UnifiedJedis a = RedisClientFactory.create(new RedisSettings(redisServer.url() + "/1", 2000, 2, 500, "a"));
             UnifiedJedis b = RedisClientFactory.create(new RedisSettings(redisServer.url() + "/2", 2000, 2, 500, "b"))) {
            // uninterrupted
            JobClient full = start(settings(topic, 1, Files.createTempDirectory("ckpt-a")), null);
            StateInRedis.awaitDone(a, perUser);
            StreamrecJobIT.cancelAndWait(full);

            // interrupted: cancel after some progress and a completed checkpoint, restore from it
            Path ckpt = Files.createTempDirectory("ckpt-b");
            JobSettings sb = settings(interruptedTopic, 2, ckpt);
            JobClient first = start(sb, null);
            StateInRedis.await("a third of the events and a checkpoint", () -> StateInRedis.progress(b, perUser) > events.size() / 3
                    && StateInRedis.latestCheckpoint(ckpt).isPresent(), Duration.ofSeconds(60));
            StreamrecJobIT.cancelAndWait(first);
            long doneAtKill = StateInRedis.progress(b, perUser);
            assertThat(doneAtKill).as("killed mid-stream").isLessThan(events.size());
            produce(interruptedTopic, events.subList(events.size() / 2, events.size()));
            String restoreFrom = StateInRedis.latestCheckpoint(ckpt).orElseThrow().toUri().toString();
            JobClient second = start(sb, restoreFrom);
            StateInRedis.awaitDone(b, perUser);
            StreamrecJobIT.cancelAndWait(second);

            StateInRedis.assertSameState(a, b, perUser, 60, true);
        }
    }

}
