package io.streamrec.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.cluster.FlinkRest;
import io.streamrec.cluster.FlinkSessionCluster;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.flink.learn.PlantedStreamEvents;
import io.streamrec.stack.EmbeddedKafka;
import io.streamrec.stack.EmbeddedRedis;
import io.streamrec.stack.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.UnifiedJedis;

/**
 * The job jar on a real standalone session cluster: a JobManager and two TaskManagers (two slots
 * each), each its own JVM started from the lib folder the build assembled, the jar uploaded and run
 * over Flink's REST API as an operator does, with a real Kafka broker and a real redis-server. Covers
 * what the MiniCluster cannot: the shaded jar's contents, the cluster deciding parallelism and
 * checkpoint storage, savepoint upgrades, rescaling, the loss of a TaskManager process, Prometheus.
 *
 * <p>Where two runs are compared, the user side's item feed is off (see RestoreIT) so that a run is a
 * function of its input. Across parallelisms the rescale and TaskManager-loss runs also sample no
 * negatives: negatives come from a per-instance sample of recent items, which legitimately depends on
 * how users are spread over instances, whereas everything else each user and item receives does not.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    static final Path JOB_JAR = Path.of(System.getProperty("streamrec.job.jar", "target/streamrec-flink-job.jar"));
    static final List<Event> EVENTS = PlantedStreamEvents.events(25, 30, 9_000, 21);
    static final Map<String, Long> PER_USER = new HashMap<>();

    static EmbeddedRedis redisServer;
    static EmbeddedKafka kafka;
    static FlinkSessionCluster cluster;
    static FlinkRest rest;
    static String jarId;
    static Path dir;
    static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startCluster() {
        EVENTS.forEach(e -> PER_USER.merge(e.userId, 1L, Long::sum));
        assertThat(JOB_JAR).as("the job jar (built by the package phase)").isRegularFile();
        dir = Path.of("target/it-cluster-" + UUID.randomUUID()).toAbsolutePath();
        redisServer = EmbeddedRedis.start(dir.resolve("redis"), 0, false);
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, List.of("events:4", "events.dlq:1"));
        cluster = FlinkSessionCluster.start(new FlinkSessionCluster.Options(dir.resolve("flink"), 0, 2, 2,
                Map.of("execution.checkpointing.interval", "1 s"), false));
        rest = cluster.rest();
        jarId = rest.uploadJar(JOB_JAR);
        // not idempotent: the single-node KRaft broker intermittently rejected this class's idempotent
        // appends with OutOfOrderSequenceException (sequence 0 after hundreds); one request in flight keeps
        // each partition in order, and the exact counts below would show a duplicate or a loss
        producer = new KafkaProducer<>(Map.of(
                org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all",
                org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                org.apache.kafka.clients.producer.ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1",
                org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArraySerializer.class.getName(),
                org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArraySerializer.class.getName()));
    }

    @AfterAll
    static void stopCluster() {
        if (producer != null) {
            producer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (redisServer != null) {
            redisServer.close();
        }
    }

    /** Program arguments of a test run: this machine's Kafka and Redis database {@code db}, small vectors. */
    /**
     * Gradient bundles that close on size only, so that a run at parallelism 1 is a function of its input
     * (a processing-time close makes the item vectors depend on timing); the open bundle travels in the
     * savepoint. Runs compared across parallelisms keep the timer: only it closes the last bundles.
     */
    static final Map<String, String> SIZE_ONLY_BUNDLES = Map.of("model.mf.bundle-events", "16", "model.mf.bundle-ms", "0");

    static List<String> args(String topic, int db, Map<String, String> extra) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("kafka.bootstrap", kafka.bootstrap());
        m.put("kafka.topic.events", topic);
        m.put("kafka.consumer.group", "cluster-it-" + UUID.randomUUID());
        m.put("redis.url", redisServer.url() + "/" + db);
        m.put("model.mf.dim", "16");
        m.put("model.mf.item-feed-poll-ms", "0");
        m.put("interest.catalog-poll-ms", "0");
        m.put("flink.watermark.idleness-ms", "0");
        m.put("sink.redis.flush-interval-ms", "20");
        m.put("trending.publish-interval-ms", "5000"); // as soon as the other publications (StateInRedis.awaitDone)
        m.putAll(extra);
        List<String> out = new ArrayList<>();
        m.forEach((k, v) -> out.add("--" + k + "=" + v));
        return out;
    }

    static String run(List<String> args, int parallelism, String savepoint) {
        FlinkRest.RunRequest r = FlinkRest.RunRequest.of(StreamrecJob.class.getName(), args).withParallelism(parallelism);
        String jobId = rest.runJar(jarId, savepoint == null ? r : r.fromSavepoint(savepoint));
        rest.awaitRunning(jobId, Duration.ofMinutes(2));
        assertThat(rest.vertexParallelism(jobId).values()).as("parallelism given by the submitter").containsOnly(parallelism);
        return jobId;
    }

    static UnifiedJedis redis(int db) {
        return RedisClientFactory.create(new RedisSettings(redisServer.url() + "/" + db, 5000, 2, 1000, "cluster-it-" + db));
    }

    static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /**
     * Sends events [from, to) keyed by user, as the API does (a user's events stay in order), through
     * the one producer of this class, and fails on any record Kafka did not take: a lost input record
     * would otherwise look like a lost event.
     */
    static void produce(String topic, List<Event> events, int from, int to) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (Event e : events.subList(from, to)) {
            sent.add(producer.send(new ProducerRecord<>(topic, e.userId.getBytes(StandardCharsets.UTF_8),
                    EventJson.toJson(e).getBytes(StandardCharsets.UTF_8))));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> f : sent) {
            try {
                f.get();
            } catch (Exception ex) {
                throw new AssertionError("Kafka did not take an input record: " + ex, ex);
            }
        }
    }

    /** An uninterrupted run at parallelism 1 over all {@link #EVENTS} into {@code db}. */
    static void referenceRun(int db, int partitions, Map<String, String> extra) throws Exception {
        String topic = "reference-" + UUID.randomUUID();
        createTopic(topic, partitions);
        produce(topic, EVENTS, 0, EVENTS.size());
        String job = run(args(topic, db, extra), 1, null);
        try (UnifiedJedis r = redis(db)) {
            StateInRedis.awaitDone(r, PER_USER);
        }
        rest.cancel(job);
    }

    @Test
    @Order(1)
    void theJobJarLearnsFromKafkaIntoRedisAndExportsItsMetrics() throws Exception {
        String job = run(args("events", 0, Map.of("model.mf.dim", "8", "model.mf.item-feed-poll-ms", "50")), 2, null);
        try (UnifiedJedis redis = redis(0)) {
            StreamrecJobIT.assertLearnsFromKafkaIntoRedis(kafka.bootstrap(), redis,
                    () -> rest.jobState(job).equals("RUNNING"));

            // the job's own metrics on the TaskManagers' Prometheus endpoints
            StateInRedis.await("the job's metrics on a TaskManager's Prometheus endpoint", () ->
                    cluster.taskManagers().stream().anyMatch(tm -> scrape(tm.metricsUrl()).lines().anyMatch(l ->
                            l.startsWith("flink_taskmanager_job_task_operator_eventsLearned{")
                                    && l.contains("job_name=\"streamrec_learner\"") && !l.endsWith(" 0.0"))),
                    Duration.ofSeconds(60));
            String all = String.join("\n", cluster.taskManagers().stream().map(tm -> scrape(tm.metricsUrl())).toList());
            assertThat(all).contains("flink_taskmanager_job_task_operator_prequentialRecallAt20{",
                    "flink_taskmanager_job_task_operator_itemUpdates{");

            // checkpoints go where the cluster says, not to the job's local default (var/checkpoints)
            StateInRedis.await("a completed checkpoint", () -> rest.completedCheckpoints(job) > 0, Duration.ofSeconds(60));
            String path = rest.checkpoints(job).path("latest").path("completed").path("external_path").asText();
            assertThat(path).startsWith(dir.resolve("flink/checkpoints").toUri().toString().replaceFirst("^file:///", "file:/"));
            assertThat(rest.job(job).path("vertices").get(0).path("maxParallelism").asInt()).isEqualTo(128);
        } finally {
            rest.cancel(job);
        }
    }

    /** Stop with a savepoint mid-stream, resubmit the same jar from it: the state of an uninterrupted run. */
    @Test
    @Order(2)
    void upgradeWithASavepointEndsInTheStateOfAnUninterruptedRun() throws Exception {
        String topic = "upgrade-" + UUID.randomUUID();
        createTopic(topic, 1);
        int split = EVENTS.size() * 2 / 3;
        produce(topic, EVENTS, 0, split);
        List<String> args = args(topic, 1, SIZE_ONLY_BUNDLES);
        String first = run(args, 1, null);
        long atStop;
        try (UnifiedJedis b = redis(1)) {
            StateInRedis.await("a sixth of the events", () -> StateInRedis.progress(b, PER_USER) > EVENTS.size() / 6,
                    Duration.ofSeconds(120));
            FlinkRest.Savepoint sp = rest.stopWithSavepoint(first, null, Duration.ofMinutes(2));
            atStop = StateInRedis.progress(b, PER_USER);
            assertThat(sp.location()).contains(dir.resolve("flink/savepoints").toString());
            produce(topic, EVENTS, split, EVENTS.size());
            String second = run(args, 1, sp.location());
            StateInRedis.awaitDone(b, PER_USER);
            rest.cancel(second);
        }
        assertThat(atStop).as("stopped mid-stream").isLessThan(EVENTS.size());

        referenceRun(2, 1, SIZE_ONLY_BUNDLES);
        try (UnifiedJedis a = redis(2); UnifiedJedis b = redis(1)) {
            StateInRedis.assertSameState(a, b, PER_USER, 60, true);
        }
    }

    /** 2 → 3 → 1 through savepoints: every event and every gradient applied exactly once. */
    @Test
    @Order(3)
    void rescaledThroughSavepointsLosesNoState() throws Exception {
        Map<String, String> noNegatives = Map.of("model.mf.negatives", "0");
        String topic = "rescale-" + UUID.randomUUID();
        createTopic(topic, 4);
        int third = EVENTS.size() / 3;
        List<String> args = args(topic, 3, noNegatives);
        try (UnifiedJedis b = redis(3)) {
            produce(topic, EVENTS, 0, third);
            String job = run(args, 2, null);
            StateInRedis.await("part 1 applied", () -> StateInRedis.progress(b, PER_USER) >= third / 2, Duration.ofSeconds(120));
            FlinkRest.Savepoint s1 = rest.stopWithSavepoint(job, null, Duration.ofMinutes(2));

            produce(topic, EVENTS, third, 2 * third);
            job = run(args, 3, s1.location());
            StateInRedis.await("part 2 under way", () -> StateInRedis.progress(b, PER_USER) >= third * 3 / 2,
                    Duration.ofSeconds(120));
            FlinkRest.Savepoint s2 = rest.stopWithSavepoint(job, null, Duration.ofMinutes(2));

            produce(topic, EVENTS, 2 * third, EVENTS.size());
            job = run(args, 1, s2.location());
            StateInRedis.awaitDone(b, PER_USER);
            rest.cancel(job);
        }
        referenceRun(4, 4, noNegatives);
        try (UnifiedJedis a = redis(4); UnifiedJedis b = redis(3)) {
            StateInRedis.assertSameState(a, b, PER_USER, 60, false);
        }
    }

    /** kill -9 of a TaskManager running the job: recovery from the last checkpoint, nothing lost or doubled. */
    @Test
    @Order(4)
    void aKilledTaskManagerLosesNoEventAndAppliesNoneTwice() throws Exception {
        Map<String, String> noNegatives = Map.of("model.mf.negatives", "0");
        String topic = "tm-loss-" + UUID.randomUUID();
        createTopic(topic, 4);
        int half = EVENTS.size() / 2;
        produce(topic, EVENTS, 0, half);
        String job = run(args(topic, 5, noNegatives), 2, null);
        try (UnifiedJedis b = redis(5)) {
            StateInRedis.await("a quarter of the events and a checkpoint", () ->
                    StateInRedis.progress(b, PER_USER) >= half / 2 && rest.completedCheckpoints(job) > 0, Duration.ofSeconds(120));
            FlinkSessionCluster.TaskManager victim = taskManagerRunning(job, "user-learner");
            Thread more = new Thread(() -> produce(topic, EVENTS, half, EVENTS.size()), "producer"); // events keep coming
            more.start();
            cluster.kill(victim);
            long atKill = StateInRedis.progress(b, PER_USER);
            cluster.startTaskManager(); // the replacement Kubernetes or an operator would start
            more.join();

            StateInRedis.awaitDone(b, PER_USER);
            assertThat(atKill).as("killed mid-stream").isLessThan(EVENTS.size());
            assertThat(rest.jobState(job)).isEqualTo("RUNNING");
            assertThat(rest.get("/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries").size())
                    .as("failures the job recovered from").isPositive();
            assertThat(rest.checkpoints(job).path("latest").path("restored").isObject())
                    .as("restored from a checkpoint").isTrue();
            rest.cancel(job);
        }
        try (UnifiedJedis a = redis(4)) {
            if (StateInRedis.progress(a, PER_USER) == 0) {
                referenceRun(4, 4, noNegatives);
            }
        }
        try (UnifiedJedis a = redis(4); UnifiedJedis b = redis(5)) {
            StateInRedis.assertSameState(a, b, PER_USER, 60, false);
        }
    }

    /** Bad input at submission fails fast naming the key; an unreachable Redis means restarts with backoff, not a spin. */
    @Test
    @Order(5)
    void badConfigurationFailsTheSubmissionAndAnUnreachableRedisRestartsWithBackoff() throws Exception {
        assertThatThrownBy(() -> rest.runJar(jarId, FlinkRest.RunRequest.of(StreamrecJob.class.getName(),
                args("events", 6, Map.of("model.mf.dim", "0")))))
                .isInstanceOf(FlinkRest.FlinkRestException.class)
                .hasMessageContaining("model.mf.dim");
        assertThatThrownBy(() -> rest.runJar(jarId, FlinkRest.RunRequest.of(StreamrecJob.class.getName(),
                args("events", 6, Map.of("no.such.key", "1")))))
                .isInstanceOf(FlinkRest.FlinkRestException.class)
                .hasMessageContaining("no.such.key");

        int closed = Ports.free();
        String job = rest.runJar(jarId, FlinkRest.RunRequest.of(StreamrecJob.class.getName(),
                args("events", 6, Map.of("redis.url", "redis://127.0.0.1:" + closed))).withParallelism(1));
        try {
            Thread.sleep(10_000);
            JsonNode failures = rest.get("/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries");
            assertThat(failures.size()).as("restarts in 10 s with exponential backoff").isBetween(2, 8);
            assertThat(failures.get(0).path("stacktrace").asText())
                    .contains("cannot reach Redis at redis://127.0.0.1:" + closed + " (redis.url)");
            assertThat(Files.readString(cluster.jobManagerLog())).contains("cannot reach Redis at redis://127.0.0.1:" + closed);
        } finally {
            rest.cancel(job);
        }
    }

    /** A TaskManager that runs a subtask of the vertex whose name contains {@code vertex}. */
    static FlinkSessionCluster.TaskManager taskManagerRunning(String job, String vertex) {
        for (JsonNode v : rest.job(job).path("vertices")) {
            if (v.path("name").asText().contains(vertex)) {
                JsonNode tms = rest.get("/jobs/" + job + "/vertices/" + v.path("id").asText() + "/taskmanagers")
                        .path("taskmanagers");
                for (JsonNode tm : tms) {
                    String id = tm.path("taskmanager-id").asText();
                    for (FlinkSessionCluster.TaskManager t : cluster.taskManagers()) {
                        if (t.resourceId().equals(id)) {
                            return t;
                        }
                    }
                }
            }
        }
        throw new AssertionError("no TaskManager runs " + vertex + " of " + job);
    }

    static String scrape(String url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
