package io.streamrec.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.vector.VectorCodec;
import io.streamrec.flink.interest.InterestSettings;
import io.streamrec.flink.learn.LearnerSettings;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.stack.EmbeddedKafka;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The job in a Flink MiniCluster (parallelism 2, RocksDB, checkpoints) between a real Kafka broker
 * and a real Redis: valid events reach Redis, malformed records land in the dead-letter topic with
 * their reason, and the job keeps running.
 */
class StreamrecJobIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static EmbeddedRedis redisServer;
    static EmbeddedKafka kafka;
    static UnifiedJedis redis;

    @BeforeAll
    static void startStack() {
        Path dir = Path.of("target/it-job-" + UUID.randomUUID());
        redisServer = EmbeddedRedis.start(dir.resolve("redis"), 0, false);
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, List.of("events:4", "events.dlq:1"));
        redis = RedisClientFactory.create(new RedisSettings(redisServer.url(), 2000, 4, 500, "it"));
    }

    @AfterAll
    static void stopStack() {
        redis.close();
        kafka.close();
        redisServer.close();
    }

    static JobSettings settings(Path checkpoints) {
        return settings(checkpoints, kafka.bootstrap(), redisServer.url());
    }

    /** The job between the Kafka at {@code bootstrap} and the Redis at {@code redisUrl} (one server or a cluster). */
    static JobSettings settings(Path checkpoints, String bootstrap, String redisUrl) {
        return TestJobSettings.common(2)
                .kafka(bootstrap, "events", "events.dlq", "it-" + UUID.randomUUID())
                .redis(new RedisSettings(redisUrl, 2000, 4, 500, "it-job"))
                .checkpoints(500, checkpoints.toString())
                .sink(100, 20)
                .learner(new LearnerSettings(MfConfig.defaults().withDim(8), EventWeights.defaults(), 1000, 0.5, 10_000, 20,
                        1.0, new RedisSettings(redisUrl, 2000, 4, 500, "it-learner")).withBundles(64, 20, 16)
                        .withStateCache(1000))
                .interest(InterestSettings.defaults(20, new RedisSettings(redisUrl, 2000, 4, 500, "it-catalogue")))
                .build();
    }

    static String event(String user, String item, String type, long ts) {
        return "{\"userId\":\"" + user + "\",\"itemId\":\"" + item + "\",\"type\":\"" + type + "\",\"ts\":" + ts + "}";
    }

    @Test
    void validEventsReachRedisAndMalformedRecordsTheDeadLetterTopic() throws Exception {
        redis.flushAll();
        runAndAssertLearns(settings(Files.createTempDirectory("streamrec-it-ckpt")), redis);
    }

    /** Runs the job in this JVM's MiniCluster with {@code s} and asserts its end-to-end contract against {@code redis}. */
    static void runAndAssertLearns(JobSettings s, UnifiedJedis redis) throws Exception {
        runAndAssertLearns(s, redis, s.kafkaBootstrap());
    }

    /** As above, the test's own Kafka clients reaching the broker at {@code testBootstrap} (a plain listener). */
    static void runAndAssertLearns(JobSettings s, UnifiedJedis redis, String testBootstrap) throws Exception {
        Configuration conf = StreamrecJob.flinkConfiguration(s);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        JobClient job = new StreamrecJob(StreamrecJob.kafkaSource(s),
                StreamrecJob.redisSinks(s, StreamrecJob.deadLetterSink(s)), s).executeAsync(env);
        try {
            assertLearnsFromKafkaIntoRedis(testBootstrap, redis, () -> {
                try {
                    return job.getJobStatus().get() == JobStatus.RUNNING;
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            cancelAndWait(job);
        }
    }

    /**
     * The end-to-end contract of a running job, wherever it runs (MiniCluster or a session cluster):
     * valid events on the "events" topic reach Redis as recent items, interests, vectors and trending;
     * malformed records land on "events.dlq" with their reason; the job keeps running and learning.
     */
    static void assertLearnsFromKafkaIntoRedis(String bootstrap, UnifiedJedis redis, BooleanSupplier running) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            long t = 1_600_000_000_000L;
            send(producer, event("u1", "a", "view", t));
            send(producer, event("u1", "b", "purchase", t + 1000));
            send(producer, event("u2", "c", "add_to_cart", t + 2000));
            // malformed records written straight to Kafka, past the API's validation
            send(producer, "this is not json");
            send(producer, "{\"itemId\":\"x\",\"type\":\"view\",\"ts\":1}");
            send(producer, event("u9", "x", "view", -5));
            producer.send(new ProducerRecord<>("events", null, (byte[]) null)).get();
            producer.send(new ProducerRecord<>("events", new byte[] {(byte) 0xc3, (byte) 0x28})).get();

            await("u1 and u2 in Redis", () -> items(redis, "u1").equals(List.of("b", "a"))
                    && items(redis, "u2").equals(List.of("c")));
            List<JsonNode> dead = readDeadLetters(bootstrap, 5, Duration.ofSeconds(60));
            assertThat(dead).extracting(d -> d.get("reason").asText()).anySatisfy(r -> assertThat(r).startsWith("invalid JSON"));
            assertThat(dead).extracting(d -> d.get("reason").asText())
                    .contains("userId: required", "ts: negative timestamps are not allowed (-5)", "empty record (null value)");
            assertThat(dead).filteredOn(d -> d.get("reason").asText().equals("userId: required"))
                    .singleElement().satisfies(d -> {
                        assertThat(d.get("raw").asText()).contains("\"itemId\":\"x\"");
                        assertThat(d.get("topic").asText()).isEqualTo("events");
                    });

            // the job is still up and keeps learning after the bad records
            send(producer, event("u3", "d", "favorite", t + 5000));
            await("u3 in Redis after the malformed records", () -> items(redis, "u3").equals(List.of("d")));
            assertThat(running.getAsBoolean()).as("job running").isTrue();
            assertThat(StateInRedis.lists(redis, "u1").version()).isEqualTo(2);
            // buy again: u1's purchase became re-purchase cycles (binary), u2 bought nothing
            await("buy-again cycles in Redis", () -> redis.exists(RedisKeys.userRebuy("u1")));
            byte[] cycles = redis.get(RedisKeys.userRebuy("u1").getBytes(StandardCharsets.UTF_8));
            assertThat(io.streamrec.core.model.RepurchaseCodec.decode(cycles).items).containsExactly("b");
            assertThat(io.streamrec.core.model.RepurchaseCodec.version(cycles)).isEqualTo(1);
            assertThat(redis.exists(RedisKeys.userRebuy("u2"))).isFalse();
            // the factor model published user and item vectors, binary float32 of width d+1
            await("vectors in Redis", () -> redis.exists(RedisKeys.userVector("u3"))
                    && redis.hexists(RedisKeys.ITEM_VECTORS, "d"));
            byte[] u1 = redis.get(RedisKeys.userVector("u1").getBytes(StandardCharsets.UTF_8));
            assertThat(VectorCodec.decode(u1)).hasSize(9);
            assertThat(VectorCodec.version(u1)).isEqualTo(2);
            assertThat(redis.xlen(RedisKeys.ITEM_CHANGES)).isPositive();
            // trending: every positively touched item, ranked by decayed popularity (the purchase first)
            try {
                await("trending lists", () -> redis.zcard(RedisKeys.trending("24h")) == 4);
            } catch (AssertionError e) { // say what was there: seen once as a timeout on a loaded machine
                throw new AssertionError(e.getMessage() + ": 24h " + redis.zrangeWithScores(RedisKeys.trending("24h"), 0, -1)
                        + ", 1h " + redis.zrangeWithScores(RedisKeys.trending("1h"), 0, -1), e);
            }
            assertThat(redis.zrevrange(RedisKeys.trending("24h"), 0, 0)).containsExactly("b");
            assertThat(redis.zrevrange(RedisKeys.trending("1h"), 0, -1)).containsExactlyInAnyOrder("a", "b", "c", "d");

            assertLearnsTheBlendFromServedLists(producer, bootstrap, redis, t + 10_000);
        }
    }

    /**
     * The blend's feedback loop: a list served to u1 (as the API publishes it, on u1's partition with the
     * {@code streamrec-record: served} header), then u1 clicks its second item: the job learns from it and
     * publishes weights with version 1 to {@code sr:{blend}:weights}, which moved in the item's segment.
     */
    static void assertLearnsTheBlendFromServedLists(KafkaProducer<byte[], byte[]> producer, String bootstrap,
                                                    UnifiedJedis redis, long t) throws Exception {
        int seg = io.streamrec.core.rank.BlendLearner.segment(2, 10);
        io.streamrec.core.rank.ServedList served = new io.streamrec.core.rank.ServedList("u1", t, null, 0, List.of(
                new io.streamrec.core.rank.ServedList.Item("a", seg, new double[] {0.6, 0, 0, 0.0, 0, 0}),
                new io.streamrec.core.rank.ServedList.Item("c", seg, new double[] {0.3, 0, 0, 0.2, 0, 0}),
                new io.streamrec.core.rank.ServedList.Item("d", seg, new double[] {0.2, 0, 0, 0.3, 0, 0}, false)));
        sendServed(producer, "u1", served.toJson());
        // a malformed one right behind it on the same partition: once it is a dead letter, the list was read
        sendServed(producer, "u1", "{\"userId\":\"u1\"}".getBytes(StandardCharsets.UTF_8));
        List<JsonNode> dead = readDeadLetters(bootstrap, 6, Duration.ofSeconds(60));
        assertThat(dead).extracting(d -> d.get("reason").asText()).contains("invalid served list: served list needs a numeric ts");
        assertThat(redis.exists(RedisKeys.BLEND_WEIGHTS)).isFalse();
        sendKeyed(producer, "u1", event("u1", "c", "click", t + 1000));
        await("blend weights in Redis", () -> "1".equals(redis.hget(RedisKeys.BLEND_WEIGHTS, "version")));
        byte[] bytes = redis.hget(RedisKeys.BLEND_WEIGHTS.getBytes(StandardCharsets.UTF_8),
                "weights".getBytes(StandardCharsets.UTF_8));
        io.streamrec.core.rank.BlendWeights.Snapshot w = io.streamrec.core.rank.BlendWeights.Snapshot.decode(1, bytes);
        assertThat(w.weights(seg)[3]).as("trending carried the item taken over the one above it").isGreaterThan(1);
        assertThat(w.weights(seg)[0]).as("the model's weight is the scale").isEqualTo(1);
        assertThat(w.weights(0)).containsOnly(1.0);
        assertThat(redis.hget(RedisKeys.BLEND_WEIGHTS, "lineage")).isNotBlank();
    }

    static void sendServed(KafkaProducer<byte[], byte[]> p, String user, byte[] value) throws Exception {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("events", user.getBytes(StandardCharsets.UTF_8), value);
        r.headers().add(io.streamrec.core.rank.ServedList.KAFKA_HEADER,
                io.streamrec.core.rank.ServedList.KIND.getBytes(StandardCharsets.UTF_8));
        p.send(r).get();
    }

    static void sendKeyed(KafkaProducer<byte[], byte[]> p, String user, String value) throws Exception {
        p.send(new ProducerRecord<>("events", user.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)))
                .get();
    }

    /** The planted stream's arrival rate: live traffic the job keeps up with, not a backlog. */
    static final long LIVE_EVENTS_PER_SECOND = 2_000;

    /**
     * A planted stream (two user groups that only touch two disjoint item groups) through Kafka, the
     * job and Redis: the vectors the job publishes must recommend each user items of its own group.
     *
     * <p>The events arrive while the job runs, at a live rate. Replayed as a backlog, the user side
     * runs ahead of the item vectors it reads back from Redis by far more than a bundle, and on this
     * 40-item toy stream the separation then varies from run to run (see docs/model.md, "Staleness").
     */
    @Test
    void plantedGroupsAreSeparatedByThePublishedVectors() throws Exception {
        redis.flushAll();
        String topic = "planted-" + UUID.randomUUID();
        List<io.streamrec.core.event.Event> events = io.streamrec.flink.learn.PlantedStreamEvents.events(20, 20, 12_000, 11);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
        }
        JobSettings base = settings(Files.createTempDirectory("streamrec-it-ckpt"));
        JobSettings s = base.toBuilder().eventsTopic(topic).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(StreamrecJob.flinkConfiguration(s));
        env.setParallelism(2);
        JobClient job = new StreamrecJob(StreamrecJob.kafkaSource(s), StreamrecJob.redisSinks(s, StreamrecJob.deadLetterSink(s)), s)
                .executeAsync(env);
        try {
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                long start = System.nanoTime();
                for (int i = 0; i < events.size(); i++) {
                    io.streamrec.core.event.Event e = events.get(i);
                    producer.send(new ProducerRecord<>(topic, e.userId.getBytes(StandardCharsets.UTF_8),
                            EventJson.toJson(e).getBytes(StandardCharsets.UTF_8)));
                    long wait = start + i * (1_000_000_000L / LIVE_EVENTS_PER_SECOND) - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                producer.flush();
            }
            java.util.Map<String, Long> perUser = new java.util.HashMap<>();
            events.forEach(e -> perUser.merge(e.userId, 1L, Long::sum));
            await("every user vector at its last version", () -> perUser.entrySet().stream().allMatch(u ->
                    u.getValue() == StateInRedis.vectorVersion(redis, u.getKey())));
            Thread.sleep(500); // the item side trails the user side by a hop and a flush
            java.util.Map<String, float[]> items = new java.util.HashMap<>();
            redis.hgetAll(RedisKeys.ITEM_VECTORS.getBytes(StandardCharsets.UTF_8))
                    .forEach((k, v) -> items.put(new String(k, StandardCharsets.UTF_8), VectorCodec.decode(v)));
            assertThat(items).hasSize(40);
            int inGroup = 0, total = 0;
            for (String user : perUser.keySet()) {
                float[] u = VectorCodec.decode(redis.get(RedisKeys.userVector(user).getBytes(StandardCharsets.UTF_8)));
                List<String> top = items.entrySet().stream()
                        .sorted(java.util.Comparator.comparingDouble(en -> -io.streamrec.core.kernel.VectorKernels.dot(u, en.getValue())))
                        .limit(10).map(java.util.Map.Entry::getKey).toList();
                for (String item : top) {
                    total++;
                    inGroup += (item.startsWith("a") == user.startsWith("ua")) ? 1 : 0;
                }
            }
            assertThat((double) inGroup / total).as("share of in-group recommendations").isGreaterThan(0.9);
        } finally {
            cancelAndWait(job);
        }
    }

    /**
     * Cancels a job and waits until it has stopped: {@code cancel()} completes once the request is taken, while
     * the tasks may still run and their sinks write to Redis, under the next job's or test's feet.
     */
    static void cancelAndWait(JobClient job) throws Exception {
        job.cancel().get();
        job.getJobExecutionResult().handle((result, cancelled) -> null).get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    static KafkaProducer<byte[], byte[]> producer() {
        return producer(kafka.bootstrap());
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    static void send(KafkaProducer<byte[], byte[]> p, String value) throws Exception {
        p.send(new ProducerRecord<>("events", value.getBytes(StandardCharsets.UTF_8))).get();
    }

    static List<String> items(UnifiedJedis redis, String user) {
        List<String> ascending = new java.util.ArrayList<>(StateInRedis.lists(redis, user).recentItems());
        java.util.Collections.reverse(ascending);
        return ascending; // strongest first
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        StateInRedis.await(what, condition, Duration.ofSeconds(60));
    }

    static List<JsonNode> readDeadLetters(String bootstrap, int n, Duration timeout) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            c.subscribe(List.of("events.dlq"));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(EventJson.MAPPER.readTree(r.value()));
                }
            }
        }
        assertThat(out).as("dead letters").hasSizeGreaterThanOrEqualTo(n);
        return out;
    }
}
