package io.streamrec.bench;

import io.streamrec.client.ApiException;
import io.streamrec.client.api.EventsApi;
import io.streamrec.client.model.EventSchema;
import io.streamrec.client.model.EventsControllerPostRequest;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.UserValueVersions;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.launcher.ApiClients;
import io.streamrec.launcher.LocalStack;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import redis.clients.jedis.UnifiedJedis;

/**
 * The learn benchmark's freshness scenario: events sent through the API one at a time, timed until the
 * user's new vector is readable in Redis, while a background producer keeps the job loaded.
 */
final class LearnFreshness {
    private LearnFreshness() {}

    /** How long the background load runs before the first sample. */
    static final long LOAD_SETTLE_MS = 10_000;

    /**
     * One event at a time through {@code POST /v1/events}; the clock starts when the API answers
     * 202 and stops when the user's vector version in Redis has moved past its old value (read every
     * half millisecond). With a background load, the load runs {@link #LOAD_SETTLE_MS} first.
     */
    static Map<String, Double> measure(LocalStack stack, List<Event> events, int samples, double loadRate)
            throws Exception {
        Load load = loadRate > 0 ? new Load(stack.kafkaBootstrap(), events, loadRate) : null;
        try {
            if (load != null) {
                // the job under the load before the first sample, not while it catches up with its start
                Thread.sleep(LOAD_SETTLE_MS);
            }
            Map<String, Double> m = measure(stack, events, samples);
            if (load != null) {
                m.put("load_events_per_s", load.rate());
            }
            return m;
        } finally {
            if (load != null) {
                load.close();
            }
        }
    }

    /** A background producer: the stream's events, re-stamped now and for other users, at a steady rate into Kafka. */
    static final class Load implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stop;
        private volatile long sent;
        private final long started = System.nanoTime();

        Load(String bootstrap, List<Event> events, double perSecond) {
            thread = new Thread(() -> {
                Map<String, Object> cfg = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
                try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg)) {
                    int i = 0;
                    while (!stop) {
                        long due = (long) ((System.nanoTime() - started) / 1e9 * perSecond);
                        while (sent < due && !stop) {
                            Event base = events.get(i++ % events.size());
                            // other users than the measured ones, so only the measured event moves their version
                            Event e = Event.of("load-" + base.userId, base.itemId, base.type, System.currentTimeMillis());
                            p.send(new ProducerRecord<>("events", null, null, e.userId.getBytes(StandardCharsets.UTF_8),
                                    EventJson.toJson(e).getBytes(StandardCharsets.UTF_8)));
                            sent++;
                        }
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException ex) {
                            return;
                        }
                    }
                }
            }, "freshness-load");
            thread.setDaemon(true);
            thread.start();
        }

        double rate() {
            return sent / ((System.nanoTime() - started) / 1e9);
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }
    }

    static Map<String, Double> measure(LocalStack stack, List<Event> events, int samples) throws Exception {
        EventsApi api = new EventsApi(ApiClients.of(stack.apiBase(), stack.writeKey(), Duration.ofSeconds(30)));
        SplittableRandom rnd = new SplittableRandom(5);
        double[] ms = new double[samples];
        long[] startedAt = new long[samples]; // wall clock, to set slow samples beside the job's checkpoints
        try (UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(stack.redisUrl(), 2000, 2, 500, "bench"))) {
            for (int i = 0; i < samples; i++) {
                Event base = events.get(rnd.nextInt(events.size()));
                long old = UserValueVersions.vector(redis, base.userId);
                Event e = Event.of(base.userId, base.itemId, io.streamrec.core.event.EventType.VIEW, System.currentTimeMillis());
                try {
                    api.eventsControllerPost(EventsControllerPostRequest.of(List.of(new EventSchema().eventId(e.eventId)
                            .userId(e.userId).itemId(e.itemId).type(e.type.wireName()).ts(Instant.ofEpochMilli(e.ts).toString()))));
                } catch (ApiException ex) {
                    throw new IllegalStateException("POST /v1/events " + ApiClients.describe(ex), ex);
                }
                long t0 = System.nanoTime();
                startedAt[i] = System.currentTimeMillis();
                while (true) {
                    if (UserValueVersions.vector(redis, base.userId) > old) {
                        break;
                    }
                    if (System.nanoTime() - t0 > 30_000_000_000L) {
                        throw new IllegalStateException("no new vector for " + e.userId + " within 30 s");
                    }
                    // a probe that polls without pause would take one of the machine's cores from the job
                    java.util.concurrent.locks.LockSupport.parkNanos(500_000);
                }
                ms[i] = (System.nanoTime() - t0) / 1e6;
                Thread.sleep(20);
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.putAll(slowSamples(stack, startedAt, ms));
        Arrays.sort(ms);
        m.put("p50_ms", ms[ms.length / 2]);
        m.put("p99_ms", ms[Math.min(ms.length - 1, (int) Math.ceil(ms.length * 0.99) - 1)]);
        m.put("max_ms", ms[ms.length - 1]);
        m.put("samples", (double) samples);
        return m;
    }

    /**
     * Per vertex of one checkpoint, printed: the slowest subtask's start delay, alignment, synchronous
     * part (which holds up the task: the keyed state backend's flush) and asynchronous part; returns the
     * longest synchronous part.
     */
    private static long printVertices(HttpClient http, String job, long id) throws Exception {
        Map<String, String> names = new java.util.HashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode v : LearnBench.get(http, job).path("vertices")) {
            names.put(v.path("id").asText(), v.path("name").asText());
        }
        com.fasterxml.jackson.databind.JsonNode d = LearnBench.get(http, job + "/checkpoints/details/" + id);
        var it = d.path("tasks").fieldNames();
        long syncMax = 0;
        while (it.hasNext()) {
            String vid = it.next();
            long delay = 0;
            long align = 0;
            long sync = 0;
            long async = 0;
            long e2e = 0;
            for (com.fasterxml.jackson.databind.JsonNode st : LearnBench.get(http,
                    job + "/checkpoints/details/" + id + "/subtasks/" + vid).path("subtasks")) {
                delay = Math.max(delay, st.path("start_delay").asLong());
                align = Math.max(align, st.path("alignment").path("duration").asLong());
                sync = Math.max(sync, st.path("checkpoint").path("sync").asLong());
                async = Math.max(async, st.path("checkpoint").path("async").asLong());
                e2e = Math.max(e2e, st.path("end_to_end_duration").asLong());
            }
            String name = names.getOrDefault(vid, vid);
            System.err.printf("      %-40.40s e2e %5d delay %5d align %5d sync %5d async %5d%n", name, e2e, delay, align, sync,
                    async);
            syncMax = Math.max(syncMax, sync);
        }
        return syncMax;
    }

    /** A sample slower than this is counted and set beside the checkpoints (the freshness goal). */
    static final double SLOW_MS = 500;

    /**
     * How many samples took longer than {@link #SLOW_MS}, and how many of those overlapped a checkpoint of
     * the job (from its trigger to its last acknowledgement, by the Flink REST checkpoint history), so a
     * stall at the barrier is told apart from a steady backlog.
     */
    static Map<String, Double> slowSamples(LocalStack stack, long[] startedAt, double[] ms) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<long[]> checkpoints = new java.util.ArrayList<>();
        double sizeMax = 0;
        long syncPartMax = 0;
        double durationMax = 0;
        String jid = LearnBench.runningJob(http, stack);
        for (com.fasterxml.jackson.databind.JsonNode c : LearnBench.get(http,
                stack.flinkDashboard() + "/jobs/" + jid + "/checkpoints").path("history")) {
            long t = c.path("trigger_timestamp").asLong();
            long end = c.path("latest_ack_timestamp").asLong(t);
            checkpoints.add(new long[] {t, Math.max(end, t)});
            System.err.printf("    checkpoint %d → %d (%d ms)%n", t, end, end - t);
            syncPartMax = Math.max(syncPartMax,
                    printVertices(http, stack.flinkDashboard() + "/jobs/" + jid, c.path("id").asLong()));
            durationMax = Math.max(durationMax, c.path("end_to_end_duration").asDouble());
            sizeMax = Math.max(sizeMax, c.path("checkpointed_size").asDouble() / (1 << 20));
        }
        int slow = 0;
        int during = 0;
        for (int i = 0; i < ms.length; i++) {
            if (ms[i] <= SLOW_MS) {
                continue;
            }
            slow++;
            // when, from the first sample, and how long: a period in these says which work held the event up
            System.err.printf("    slow sample at +%.1f s: %.0f ms%n", (startedAt[i] - startedAt[0]) / 1e3, ms[i]);
            long from = startedAt[i];
            long to = from + (long) ms[i];
            for (long[] c : checkpoints) {
                if (c[0] <= to && c[1] >= from) {
                    during++;
                    break;
                }
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("slow_samples", (double) slow);
        m.put("slow_samples_during_checkpoint", (double) during);
        m.put("checkpoints_seen", (double) checkpoints.size());
        m.put("checkpoint_duration_max_ms", durationMax);
        m.put("checkpoint_size_max_mb", sizeMax);
        m.put("checkpoint_sync_part_max_ms", (double) syncPartMax);
        return m;
    }
}
