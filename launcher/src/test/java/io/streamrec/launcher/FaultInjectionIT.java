package io.streamrec.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.client.ApiException;
import io.streamrec.client.api.EventsApi;
import io.streamrec.client.model.EventSchema;
import io.streamrec.client.model.EventsControllerPostRequest;
import io.streamrec.client.model.IngestResponse;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.stack.EmbeddedKafka;
import io.streamrec.stack.EmbeddedRedis;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Faults injected into the running local stack (every part its own process, as ./recsys demo runs it),
 * each while events keep arriving through the API from a client that retries what the API did not take
 * (503, honouring Retry-After). Each test then asserts the same two things: nothing the API accepted is
 * lost (every accepted event is in Kafka), and the state converges (each user's published vector version
 * equals the number of that user's events in Kafka: each stored event applied exactly once).
 *
 * <p>Not part of {@code ./mvnw verify}: run with {@code -Pfaults} (docs/testing.md). The loss of a
 * TaskManager on a real session cluster is {@code ClusterIT#aKilledTaskManagerLosesNoEventAndAppliesNoneTwice},
 * which the profile runs too.
 */
class FaultInjectionIT {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    static final String TOPIC = "events";
    static final int USERS = 40;

    /** A broker killed (SIGKILL) while events arrive: 503 with Retry-After meanwhile, nothing lost after its restart. */
    @Test
    void aKilledKafkaBrokerLosesNothingARetryingClientSent() throws Exception {
        Path dir = HOME.resolve("launcher/target/it-faults-kafka-" + UUID.randomUUID());
        try (EmbeddedRedis redis = EmbeddedRedis.start(dir.resolve("redis"), 0, false);
             Broker kafka = new Broker(dir.resolve("kafka"));
             LocalStack stack = LocalStack.start(options(dir, redis, kafka.bootstrap(), Map.of()), System.out);
             Client client = new Client(stack, "kafka")) {
            client.await("events accepted before the fault", () -> client.accepted() >= 300);

            kafka.kill();
            client.await("a 503 while the broker is down", () -> client.unavailable.get() > 0);
            long acceptedDuringOutage = client.accepted();
            Thread.sleep(3_000);
            kafka.restart();
            client.await("events accepted after the restart", () -> client.accepted() >= acceptedDuringOutage + 300);
            client.close();

            assertThat(client.retryAfterMissing.get()).as("503 answers without Retry-After").isZero();
            assertThat(client.unexpected).as("answers other than 202 and 503").isEmpty();
            assertNothingLostAndConverged(stack, client);
        }
    }

    /**
     * Redis killed (SIGKILL) under the running job and restarted from its append-only file: the sinks retry
     * (or the job restores from its last checkpoint and writes again) and the version guard keeps an
     * older write from replacing a newer one, so no version ever goes back.
     */
    @Test
    void aKilledRedisIsCaughtUpWithoutRollingAnyUserBack() throws Exception {
        Path dir = HOME.resolve("launcher/target/it-faults-redis-" + UUID.randomUUID());
        List<String> aof = List.of("--appendonly", "yes", "--appendfsync", "always");
        EmbeddedRedis[] redis = {EmbeddedRedis.start(dir.resolve("redis"), 0, false, false, aof)};
        int port = redis[0].port();
        try (Broker kafka = new Broker(dir.resolve("kafka"));
             LocalStack stack = LocalStack.start(options(dir, redis[0], kafka.bootstrap(), Map.of()), System.out);
             Client client = new Client(stack, "redis");
             Watch watch = new Watch(stack.redisUrl(), client)) {
            client.await("events applied before the fault", () -> watch.applied() >= 300);

            String job = runningJob(stack);
            redis[0].kill();
            long atKill = client.accepted();
            Thread.sleep(5_000); // longer than the sinks' retries: the job fails and restores from a checkpoint
            assertThat(client.accepted()).as("events accepted while Redis is down").isGreaterThan(atKill);
            redis[0] = EmbeddedRedis.start(dir.resolve("redis"), port, false, false, aof);
            client.await("events accepted after the restart", () -> client.accepted() >= atKill + 600);
            client.close();

            assertThat(client.unexpected).as("answers other than 202 and 503").isEmpty();
            assertNothingLostAndConverged(stack, client);
            assertThat(exceptions(stack, job).size()).as("failures the job restored from (replaying older writes)")
                    .isPositive();
            assertThat(watch.rollbacks).as("versions that went back (user: seen, then read)").isEmpty();
            assertThat(watch.samples.get()).as("version reads during the test").isPositive();
        } finally {
            redis[0].close();
        }
    }

    /**
     * The checkpoint directory's file system full (a small tmpfs, filled up): the job fails loudly (its
     * exception history and log say why) and keeps restarting; once space returns it checkpoints again
     * and has lost nothing.
     */
    @Test
    void aFullCheckpointDiskFailsTheJobLoudlyUntilSpaceReturns() throws Exception {
        Path dir = HOME.resolve("launcher/target/it-faults-disk-" + UUID.randomUUID());
        Path checkpoints = dir.resolve("checkpoints");
        Files.createDirectories(checkpoints);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", checkpoints.toString()) == 0,
                "mounting a tmpfs needs root (or CAP_SYS_ADMIN)");
        Path filler = checkpoints.resolve("filler");
        try (EmbeddedRedis redis = EmbeddedRedis.start(dir.resolve("redis"), 0, false);
             Broker kafka = new Broker(dir.resolve("kafka"));
             LocalStack stack = LocalStack.start(options(dir, redis, kafka.bootstrap(),
                     Map.of("STREAMREC_FLINK_CHECKPOINT_DIR", checkpoints.toString())), System.out);
             Client client = new Client(stack, "disk")) {
            String job = runningJob(stack);
            client.await("a completed checkpoint", () -> checkpointCounts(stack, job)[0] > 0);
            int failuresBefore = exceptions(stack, job).size();

            fill(filler);
            client.await("the job failing for want of space", () -> exceptions(stack, job).size() > failuresBefore);
            JsonNode failures = exceptions(stack, job);
            assertThat(failures.toString()).as("the job's exception history").containsIgnoringCase("checkpoint");
            long acceptedWhileFull = client.accepted();

            Files.delete(filler);
            long completed = checkpointCounts(stack, job)[0];
            client.await("checkpoints completing again", () -> {
                long[] c = checkpointCounts(stack, job);
                return c[0] > completed + 1 && "RUNNING".equals(jobState(stack, job));
            });
            client.await("events accepted after space returned", () -> client.accepted() >= acceptedWhileFull + 300);
            client.close();

            assertThat(Files.readString(dir.resolve("logs/flink-job.log"))).as("the job's log")
                    .contains("No space left on device");
            assertThat(client.unexpected).as("answers other than 202 and 503").isEmpty();
            assertNothingLostAndConverged(stack, client);
        } finally {
            Files.deleteIfExists(filler);
            run("umount", "-l", checkpoints.toString());
        }
    }

    static LocalStack.Options options(Path dir, EmbeddedRedis redis, String kafka, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("STREAMREC_REDIS_URL", redis.url());
        env.put("STREAMREC_KAFKA_BOOTSTRAP", kafka);
        env.put("STREAMREC_FLINK_CHECKPOINT_INTERVAL_MS", "1000");
        env.put("STREAMREC_KAFKA_PRODUCER_DELIVERY_TIMEOUT_MS", "5000");
        return new LocalStack.Options(HOME, dir, 0, 0, 2, false, env);
    }

    /**
     * Every event the API accepted is in Kafka, and each user's published vector version reaches the
     * number of their events in Kafka (applied exactly once) and stays there.
     */
    static void assertNothingLostAndConverged(LocalStack stack, Client client) throws Exception {
        Map<String, Set<String>> stored = new HashMap<>();
        Map<String, Long> records = new HashMap<>();
        readTopic(stack.kafkaBootstrap(), (user, eventId) -> {
            stored.computeIfAbsent(user, u -> new HashSet<>()).add(eventId);
            records.merge(user, 1L, Long::sum);
        });
        long lost = 0;
        for (Map.Entry<String, Set<String>> e : client.acceptedIds.entrySet()) {
            Set<String> inKafka = stored.getOrDefault(e.getKey(), Set.of());
            lost += e.getValue().stream().filter(id -> !inKafka.contains(id)).count();
        }
        long inKafka = records.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("faults %s: %d events accepted, %d records in Kafka, %d answers 503, %d users%n",
                client.name, client.accepted(), inKafka, client.unavailable.get(), records.size());
        assertThat(lost).as("accepted events missing from Kafka").isZero();
        try (UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(stack.redisUrl(), 5000, 2, 1000, "faults"))) {
            await("every user's version at their event count", () -> wrongUsers(redis, records).isEmpty(),
                    Duration.ofMinutes(3));
            Thread.sleep(3_000);
            assertThat(wrongUsers(redis, records)).as("users whose version is not their event count (applied twice?)").isEmpty();
        }
    }

    static Map<String, String> wrongUsers(UnifiedJedis redis, Map<String, Long> records) {
        Map<String, String> wrong = new HashMap<>();
        records.forEach((user, n) -> {
            long v = io.streamrec.core.redis.UserValueVersions.vector(redis, user);
            if (v != n) {
                wrong.put(user, v + " of " + n);
            }
        });
        return wrong;
    }

    interface RecordSink {
        void accept(String user, String eventId);
    }

    /** Every event record of the topic, from the beginning to its end now. */
    static void readTopic(String bootstrap, RecordSink sink) {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(TOPIC)) {
                parts.add(new TopicPartition(TOPIC, p.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read the events topic to its end").isLessThan(deadline);
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    JsonNode e = EventJson.MAPPER.readTree(r.value());
                    sink.accept(e.path("userId").asText(), e.path("eventId").asText());
                }
            }
        } catch (IOException e) {
            throw new AssertionError("an unreadable record in the events topic", e);
        }
    }

    /**
     * A shop backend's event sender (the generated Java client): a batch of ten events every 100 ms, each batch sent again
     * until the API accepts it (after Retry-After on 503, after a second when there is no answer).
     */
    static final class Client implements AutoCloseable {
        final LocalStack stack;
        final String name;
        final EventsApi events;
        final Map<String, Set<String>> acceptedIds = new ConcurrentHashMap<>();
        final AtomicLong acceptedCount = new AtomicLong();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger retryAfterMissing = new AtomicInteger();
        final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        final Thread thread;
        volatile boolean stop;
        long seq;

        Client(LocalStack stack, String name) {
            this.stack = stack;
            this.name = name;
            this.events = new EventsApi(ApiClients.of(stack.apiBase(), stack.writeKey(), Duration.ofSeconds(30)));
            thread = new Thread(this::loop, "client-" + name);
            thread.start();
        }

        long accepted() {
            return acceptedCount.get();
        }

        void loop() {
            SplittableRandom rnd = new SplittableRandom(name.hashCode());
            while (!stop) {
                List<EventSchema> batch = new ArrayList<>();
                String now = java.time.Instant.ofEpochMilli(System.currentTimeMillis()).toString();
                for (int i = 0; i < 10; i++) {
                    batch.add(new EventSchema().eventId(name + "-" + seq++).userId("fault-u" + rnd.nextInt(USERS))
                            .itemId("item-" + rnd.nextInt(200)).type(rnd.nextInt(5) == 0 ? "add_to_cart" : "view").ts(now));
                }
                send(batch);
                sleep(100);
            }
        }

        /** Until accepted (or stopped): a batch the API did not take is sent again, as it was. */
        void send(List<EventSchema> batch) {
            while (!stop) {
                try {
                    IngestResponse body = events.eventsControllerPost(EventsControllerPostRequest.of(batch));
                    if (body.getRejected() != null && !body.getRejected().isEmpty()) {
                        unexpected.add("rejected: " + body);
                    }
                    for (EventSchema e : batch) {
                        acceptedIds.computeIfAbsent(e.getUserId(), u -> ConcurrentHashMap.newKeySet()).add(e.getEventId());
                    }
                    acceptedCount.addAndGet(batch.size());
                    return;
                } catch (ApiException e) {
                    if (e.getCode() == 0) { // no answer
                        if (Thread.currentThread().isInterrupted()) {
                            return;
                        }
                        sleep(1000);
                    } else if (e.getCode() == 503) {
                        unavailable.incrementAndGet();
                        String after = e.getResponseHeaders() == null ? null
                                : e.getResponseHeaders().firstValue("Retry-After").orElse(null);
                        if (after == null) {
                            retryAfterMissing.incrementAndGet();
                        }
                        sleep(1000L * (after == null ? 1 : Math.min(10, Long.parseLong(after))));
                    } else {
                        unexpected.add(e.getCode() + " " + e.getResponseBody());
                        return;
                    }
                }
            }
        }

        void await(String what, BooleanSupplier c) throws InterruptedException {
            FaultInjectionIT.await(what, () -> {
                assertThat(stack.deadProcess()).as("a process of the stack died").isNull();
                return c.getAsBoolean();
            }, Duration.ofMinutes(3));
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(60_000);
        }
    }

    /** Reads every user's published version every 200 ms and records any that went back. */
    static final class Watch implements AutoCloseable {
        final String url;
        final Client client;
        final Map<String, Long> highest = new ConcurrentHashMap<>();
        final List<String> rollbacks = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicLong samples = new AtomicLong();
        final Thread thread;
        volatile boolean stop;

        Watch(String url, Client client) {
            this.url = url;
            this.client = client;
            thread = new Thread(this::loop, "version-watch");
            thread.start();
        }

        long applied() {
            return highest.values().stream().mapToLong(Long::longValue).sum();
        }

        void loop() {
            while (!stop) {
                try (UnifiedJedis r = RedisClientFactory.create(new RedisSettings(url, 1000, 1, 500, "watch"))) {
                    while (!stop) {
                        for (int u = 0; u < USERS; u++) {
                            String user = "fault-u" + u;
                            long now = io.streamrec.core.redis.UserValueVersions.vector(r, user);
                            if (now == 0) {
                                continue;
                            }
                            Long before = highest.get(user);
                            if (before != null && now < before) {
                                rollbacks.add(user + ": " + before + ", then " + now);
                            }
                            highest.merge(user, now, Math::max);
                            samples.incrementAndGet();
                        }
                        sleep(200);
                    }
                } catch (RuntimeException e) {
                    sleep(200); // Redis down: read again once it is back
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }
    }

    /** A KRaft broker that can be killed and started again on the same port, with the same data. */
    static final class Broker implements AutoCloseable {
        final Path dir;
        EmbeddedKafka kafka;
        final int port;

        Broker(Path dir) {
            this.dir = dir;
            kafka = EmbeddedKafka.start(dir, 0, List.of());
            port = kafka.port();
        }

        String bootstrap() {
            return "127.0.0.1:" + port;
        }

        void kill() throws InterruptedException {
            ProcessHandle h = ProcessHandle.of(kafka.pid()).orElseThrow();
            List<ProcessHandle> children = h.descendants().toList();
            h.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            h.onExit().join();
            assertThat(kafka.isAlive()).isFalse();
        }

        void restart() {
            kafka = EmbeddedKafka.start(dir, port, List.of());
        }

        @Override
        public void close() {
            kafka.close();
        }
    }

    static String runningJob(LocalStack stack) throws IOException {
        for (JsonNode j : EventJson.MAPPER.readTree(stack.get(stack.flinkDashboard() + "/jobs/overview").body()).path("jobs")) {
            if ("RUNNING".equals(j.path("state").asText())) {
                return j.path("jid").asText();
            }
        }
        throw new AssertionError("no running job");
    }

    static String jobState(LocalStack stack, String job) {
        return rest(stack, "/jobs/" + job).path("state").asText();
    }

    /** Completed and failed checkpoints of the job. */
    static long[] checkpointCounts(LocalStack stack, String job) {
        JsonNode counts = rest(stack, "/jobs/" + job + "/checkpoints").path("counts");
        return new long[] {counts.path("completed").asLong(), counts.path("failed").asLong()};
    }

    static JsonNode exceptions(LocalStack stack, String job) {
        return rest(stack, "/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries");
    }

    static JsonNode rest(LocalStack stack, String path) {
        try {
            return EventJson.MAPPER.readTree(stack.get(stack.flinkDashboard() + path).body());
        } catch (IOException e) {
            return EventJson.MAPPER.createObjectNode();
        }
    }

    /** Writes zeros until the file system has no space left. */
    static void fill(Path file) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).as("why writing stopped").containsIgnoringCase("space");
        }
    }

    static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0) {
            System.out.println(String.join(" ", command) + ": " + out);
        }
        return p.exitValue();
    }

    static void await(String what, BooleanSupplier c, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
