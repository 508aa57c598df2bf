package io.streamrec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.core.data.SyntheticStream;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.kernel.VectorKernels;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.launcher.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code ./recsys bench learn [--events N] [--users U] [--items I] [--json FILE]}: a synthetic
 * power-law stream through Kafka → the Flink job (MiniCluster, RocksDB, checkpoints) → Redis on this
 * machine. Scenarios: {@code pipeline} (sustained events/s), {@code kernel} (the SGD step alone in
 * memory, same run: the reference), {@code freshness} (event accepted by the API → new user vector
 * readable in Redis) and {@code memcopy} (memory bandwidth, the machine reference).
 */
final class LearnBench {
    /** Events of the synthetic stream the job works through before it is measured (--warmup-events). */
    static final int DEFAULT_WARMUP = 500_000;
    /**
     * How often the pipeline phase looks at the job's progress, ms. Each look costs the job's process
     * REST calls and a dump of its metrics (most of 5–6 % of its CPU at two looks a second, in the
     * steady-state profiles): every two seconds, with the times of the 10/50/90 % marks interpolated.
     */
    static final long LOOK_MS = 2_000;
    /**
     * The job's heap unless {@code --job-heap} says otherwise, and its layout ({@link #JOB_HEAP_LAYOUT}): sized
     * for the state caches of the synthetic stream, with a fixed young generation, so the throughput
     * collector has room above them to promote into instead of collecting the old generation fully every
     * few tens of seconds, as it did in the local stack's default heap (measured in docs/benchmarks.md, the
     * learn section).
     */
    static final String JOB_HEAP = "3g";
    static final String JOB_HEAP_LAYOUT = "-Xms3g -Xmn768m";

    private LearnBench() {}

    static Report run(Path home, Map<String, String> opts) throws Exception {
        int n = Integer.parseInt(opts.getOrDefault("events", "500000"));
        int users = Integer.parseInt(opts.getOrDefault("users", "100000"));
        int items = Integer.parseInt(opts.getOrDefault("items", "50000"));
        int parallelism = Integer.parseInt(opts.getOrDefault("parallelism", "2"));
        int freshnessSamples = Integer.parseInt(opts.getOrDefault("freshness-samples", "300"));
        MfConfig model = MfConfig.defaults().withNegatives(4);
        if (opts.containsKey("context")) {
            model = model.withContext(Integer.parseInt(opts.get("context")), model.contextDecay());
        }

        // --dataset NAME|FILE.jsonl: replay a real data set (e.g. online-retail-full) instead of the synthetic stream
        String dataset = opts.get("dataset");
        List<Event> real = dataset == null ? null : io.streamrec.launcher.Datasets.load(home, dataset);
        if (real != null) {
            n = real.size();
        }
        // --warmup-events W: the job first works through W more events of the same stream, unmeasured, so the
        // figures are those of a running job (its hot paths compiled, its caches full), not of a JVM that
        // is still compiling them; the warm-up's own rate is reported beside them. None for a replayed data set.
        int warmup = real != null ? 0 : Integer.parseInt(opts.getOrDefault("warmup-events", Integer.toString(DEFAULT_WARMUP)));
        Report r = new Report("learn", dataset != null ? dataset
                : "synthetic(users=" + users + ",items=" + items + ",categories=50)", n);
        r.config.put("dim", model.dim());
        r.config.put("negatives", model.negatives());
        r.config.put("context_length", model.contextLength());
        r.config.put("parallelism", parallelism);
        String backend = opts.getOrDefault("state-backend", "rocksdb");
        r.config.put("state_backend", backend.equals("rocksdb") ? "rocksdb (incremental checkpoints)" : backend);
        r.config.put("checkpoint_interval_ms", 10_000);
        r.config.put("warmup_events", warmup);
        r.config.put("cores", Runtime.getRuntime().availableProcessors());
        r.config.put("vector_api", VectorKernels.simd());

        System.err.println("  memcopy …");
        r.put("memcopy", Map.of("gb_per_s", References.memcopy()));
        System.err.println("  generating " + (warmup + n) + " events …");
        List<Event> all = real != null ? real
                : new SyntheticStream(users, items, 50, 42).events(warmup + n, System.currentTimeMillis() - 60_000, 1);
        List<Event> events = all.subList(warmup, all.size());
        System.err.println("  kernel …");
        int bundleEvents = Integer.parseInt(opts.getOrDefault("bundle-events", StreamrecConfig.MF_BUNDLE_EVENTS.defaultValue()));
        int bundleNegatives = Integer.parseInt(opts.getOrDefault("bundle-negatives",
                StreamrecConfig.MF_BUNDLE_NEGATIVES.defaultValue()));
        r.config.put("bundle_events", bundleEvents);
        r.config.put("bundle_negatives", bundleNegatives);
        float publishDrift = Float.parseFloat(opts.getOrDefault("publish-drift", StreamrecConfig.MF_PUBLISH_DRIFT.defaultValue()));
        r.config.put("publish_drift", publishDrift);
        r.put("kernel", LearnKernel.run(events.subList(0, Math.min(events.size(), 300_000)), model, bundleEvents, bundleNegatives,
                publishDrift));

        if (!opts.getOrDefault("scenarios", "all").equals("all")) {
            return r; // --scenarios kernel: the in-memory references only (quick checks while tuning the step)
        }
        Map<String, String> env = new HashMap<>();
        env.put("STREAMREC_MODEL_MF_NEGATIVES", Integer.toString(model.negatives()));
        env.put("STREAMREC_MODEL_MF_CONTEXT_LENGTH", Integer.toString(model.contextLength()));
        if (opts.containsKey("item-feed-poll-ms")) {
            env.put("STREAMREC_MODEL_MF_ITEM_FEED_POLL_MS", opts.get("item-feed-poll-ms"));
            r.config.put("item_feed_poll_ms", Integer.parseInt(opts.get("item-feed-poll-ms")));
        }
        String checkpointMs = opts.getOrDefault("checkpoint-interval-ms", "10000");
        env.put("STREAMREC_FLINK_CHECKPOINT_INTERVAL_MS", checkpointMs);
        r.config.put("checkpoint_interval_ms", Long.parseLong(checkpointMs));
        env.put("STREAMREC_FLINK_STATE_BACKEND", backend);
        env.put("STREAMREC_MODEL_MF_BUNDLE_EVENTS", Integer.toString(bundleEvents));
        env.put("STREAMREC_MODEL_MF_BUNDLE_NEGATIVES", Integer.toString(bundleNegatives));
        env.put("STREAMREC_MODEL_MF_PUBLISH_DRIFT", Float.toString(publishDrift));
        if (opts.containsKey("publish-delay-ms")) {
            env.put("STREAMREC_MODEL_MF_PUBLISH_DELAY_MS", opts.get("publish-delay-ms"));
            r.config.put("publish_delay_ms", Long.parseLong(opts.get("publish-delay-ms")));
        }
        if (opts.containsKey("state-cache")) { // 0: no state caches in front of RocksDB either (the heap backend runs without)
            env.put("STREAMREC_FLINK_STATE_CACHE", opts.get("state-cache"));
            r.config.put("state_cache", Integer.parseInt(opts.get("state-cache")));
        }
        if (opts.containsKey("state-cache-waiting")) {
            env.put("STREAMREC_FLINK_STATE_CACHE_WAITING", opts.get("state-cache-waiting"));
            r.config.put("state_cache_waiting", Integer.parseInt(opts.get("state-cache-waiting")));
        }
        if (opts.containsKey("state-cache-waiting-items")) {
            env.put("STREAMREC_FLINK_STATE_CACHE_WAITING_ITEMS", opts.get("state-cache-waiting-items"));
            r.config.put("state_cache_waiting_items", Integer.parseInt(opts.get("state-cache-waiting-items")));
        }
        if (opts.containsKey("bundle-ms")) {
            env.put("STREAMREC_MODEL_MF_BUNDLE_MS", opts.get("bundle-ms"));
            r.config.put("bundle_ms", Integer.parseInt(opts.get("bundle-ms")));
        }
        env.put("STREAMREC_FLINK_PARALLELISM", Integer.toString(parallelism));
        // --job-heap SIZE, --job-java-opts "…": the local job's JVM (its heap and collector, a profiler); by
        // default a heap sized for this stream's state (JOB_HEAP), without the local stack's default
        String heap = opts.getOrDefault("job-heap", JOB_HEAP);
        env.put("STREAMREC_FLINK_HEAP", heap);
        r.config.put("job_heap", heap);
        String javaOpts = ((opts.containsKey("job-heap") ? "" : JOB_HEAP_LAYOUT + " ")
                + opts.getOrDefault("job-java-opts", "")).trim();
        if (!javaOpts.isEmpty()) {
            env.put("STREAMREC_FLINK_JAVA_OPTS", javaOpts);
            r.config.put("job_java_opts", javaOpts);
        }
        Path var = home.resolve("var/bench-learn-" + System.currentTimeMillis());
        System.err.println("  starting the stack (logs in " + var.resolve("logs") + ") …");
        try (LocalStack stack = LocalStack.startInfrastructure(new LocalStack.Options(home, var, 0, 0, parallelism, false, env),
                System.err)) {
            // the events wait in Kafka before the job starts, so the load generator does not share the
            // two cores with the job while it is measured
            System.err.println("  producing " + all.size() + " events into Kafka …");
            long p0 = System.nanoTime();
            produce(stack.kafkaBootstrap(), all);
            double produceSeconds = (System.nanoTime() - p0) / 1e9;
            System.err.println("  starting the job and the API …");
            stack.startApplications();
            Map<String, Double> warm = new LinkedHashMap<>();
            if (warmup > 0) {
                System.err.println("  warm-up: the job works through " + warmup + " events, not measured …");
                warm = pipeline(stack, 0, warmup);
            }
            System.err.println("  pipeline: the job works through " + n + " events (Kafka → job → Redis) …");
            // the costs are counted from here, per event the job read after this point
            HttpClient http = HttpClient.newHttpClient();
            String jid = runningJob(http, stack);
            Map<String, Double> counters0 = jobCounters(http, stack, jid);
            long start = learnerRecords(http, stack, jid);
            Map<String, Double> cpu0 = ProcessCpu.snapshot();
            Map<String, Double> redis0 = redisCommandMicros(stack);
            Map<String, Double> pipe = pipeline(stack, warmup, n);
            long counted = warmup + n - start;
            if (warmup > 0) {
                pipe.put("warmup_events_per_s", warm.get("events_per_s_overall"));
                pipe.put("warmup_events_per_s[first tenth]", warm.getOrDefault("events_per_s[tenth 1]", 0.0));
            }
            // Redis's own time per event, by command (INFO commandstats): what the writes and reads cost it;
            // and the commands per event (counted, where the time moves with the machine)
            redisCommandMicros(stack).forEach((cmd, us) -> {
                double d = (us - redis0.getOrDefault(cmd, 0.0)) / counted;
                if (d >= 0.05 && !cmd.endsWith(CALLS)) {
                    pipe.put("redis_us_per_event[" + cmd + "]", d);
                } else if (d >= 0.005 && cmd.endsWith(CALLS)) {
                    pipe.put("redis_calls_per_event[" + cmd.substring(0, cmd.length() - CALLS.length()) + "]", d);
                }
            });
            // CPU per event of each process over the whole backlog (the job, Redis, Kafka, the API, this bench)
            ProcessCpu.since(cpu0).forEach((proc, s) -> pipe.put("cpu_us_per_event[" + proc + "]", s * 1e6 / counted));
            pipe.put("producer_events_per_s", all.size() / produceSeconds);
            pipe.putAll(perEventCosts(stack, counted, counters0));
            r.put("pipeline", pipe);
            System.err.println("  freshness: " + freshnessSamples + " events through the API …");
            // --freshness-load F: the job under a background load of F × its sustained rate meanwhile (default 0.5)
            double loadShare = Double.parseDouble(opts.getOrDefault("freshness-load", "0.5"));
            r.config.put("freshness_load_share", loadShare);
            r.put("freshness", LearnFreshness.measure(stack, events, freshnessSamples, loadShare * pipe.get("events_per_s")));
        }
        return r;
    }

    /**
     * The job reading {@code n} events of a backlog already in Kafka, after the first {@code skip} of it;
     * rates from the job's own record counts.
     */
    static Map<String, Double> pipeline(LocalStack stack, long skip, int n) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String jid = null;
        for (JsonNode j : get(http, stack.flinkDashboard() + "/jobs/overview").path("jobs")) {
            if ("RUNNING".equals(j.path("state").asText())) {
                jid = j.path("jid").asText();
            }
        }
        if (jid == null) {
            throw new IllegalStateException("no running job on " + stack.flinkDashboard());
        }
        long t0 = System.nanoTime();
        List<long[]> samples = new ArrayList<>(); // {nanos, records past skip}
        Map<String, double[]> busy = new LinkedHashMap<>(); // vertex → {Σ busy ms/s, Σ back-pressured ms/s, samples}
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        for (int round = 0; ; round++) {
            long done = learnerRecords(http, stack, jid) - skip;
            samples.add(new long[] {System.nanoTime() - t0, done});
            if (done >= n) {
                break;
            }
            if (done > n / 10 && done < n * 9 / 10) {
                sampleBusy(http, stack, jid, busy);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not take all events within 20 minutes (" + done + "/" + n + ")");
            }
            String dead = stack.deadProcess();
            if (dead != null) {
                throw new IllegalStateException(dead);
            }
            // every LOOK_MS: each look is REST calls the job's own process answers (and a dump of all its
            // metrics, at most once per metrics.fetcher.update-interval) while it is measured
            Thread.sleep(LOOK_MS);
        }
        // the first sample after skip is the clock's start (the job may have passed skip by up to one look)
        long[] first = samples.get(0);
        double total = (samples.get(samples.size() - 1)[0] - first[0]) / 1e9;
        double a = when(samples, n / 10);
        double b = when(samples, n * 9 / 10);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("events_per_s", (n * 9 / 10 - n / 10) / ((b - a) / 1e9));
        // the second half alone (50–90 %): the job once the JIT has compiled its hot paths (see the tenths)
        m.put("events_per_s_second_half", (n * 9 / 10 - n / 2) / ((b - when(samples, n / 2)) / 1e9));
        m.put("events_per_s_overall", (samples.get(samples.size() - 1)[1] - first[1]) / total);
        m.put("seconds", total);
        // the rate in each tenth of the backlog: how long the job takes to warm up (JIT) before it is steady
        for (int d = 0; d < 10; d++) {
            double from = when(samples, (long) n * d / 10);
            double to = when(samples, (long) n * (d + 1) / 10);
            if (to > from) {
                m.put("events_per_s[tenth " + (d + 1) + "]", ((long) n * (d + 1) / 10 - (long) n * d / 10) / ((to - from) / 1e9));
            }
        }
        // where the job's time goes: each vertex's mean busy and back-pressured share over its subtasks
        busy.forEach((vertex, acc) -> {
            m.put("busy_share[" + vertex + "]", acc[0] / acc[2] / 1000);
            m.put("backpressured_share[" + vertex + "]", acc[1] / acc[2] / 1000);
        });
        return m;
    }

    private static final String CALLS = "#calls";

    /**
     * Redis's cumulative microseconds per command ({@code INFO commandstats}, {@code usec}), and its
     * calls under the command's name with {@value #CALLS} appended.
     */
    static Map<String, Double> redisCommandMicros(LocalStack stack) {
        Map<String, Double> m = new LinkedHashMap<>();
        try (UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(stack.redisUrl(), 10_000, 1, 5_000, "bench"))) {
            for (String line : redis.info("commandstats").split("\r?\n")) {
                // cmdstat_hset:calls=12,usec=34,usec_per_call=2.83,…
                if (line.startsWith("cmdstat_")) {
                    String cmd = line.substring("cmdstat_".length(), line.indexOf(':'));
                    for (String kv : line.substring(line.indexOf(':') + 1).split(",")) {
                        if (kv.startsWith("usec=")) {
                            m.put(cmd, Double.parseDouble(kv.substring(5)));
                        } else if (kv.startsWith("calls=")) {
                            m.put(cmd + CALLS, Double.parseDouble(kv.substring(6)));
                        }
                    }
                }
            }
        }
        return m;
    }

    /** Adds each vertex's busy and back-pressured ms per second, averaged over its subtasks, to {@code busy}. */
    static void sampleBusy(HttpClient http, LocalStack stack, String jid, Map<String, double[]> busy)
            throws IOException, InterruptedException {
        for (JsonNode v : get(http, stack.flinkDashboard() + "/jobs/" + jid).path("vertices")) {
            String url = stack.flinkDashboard() + "/jobs/" + jid + "/vertices/" + v.path("id").asText()
                    + "/subtasks/metrics?get=busyTimeMsPerSecond,backPressuredTimeMsPerSecond&agg=avg";
            double b = Double.NaN;
            double bp = Double.NaN;
            for (JsonNode metric : get(http, url)) {
                if (metric.path("id").asText().equals("busyTimeMsPerSecond")) {
                    b = metric.path("avg").asDouble(Double.NaN);
                } else {
                    bp = metric.path("avg").asDouble(Double.NaN);
                }
            }
            if (Double.isFinite(b) && Double.isFinite(bp)) {
                double[] acc = busy.computeIfAbsent(shortName(v.path("name").asText()), k -> new double[3]);
                acc[0] += b;
                acc[1] += bp;
                acc[2]++;
            }
        }
    }

    /** A vertex's chained operators by their names, without Flink's decorations ("Source: ", "[1]:" …). */
    static String shortName(String vertex) {
        return vertex.replaceAll("\\[\\d+\\]:", "").replace("Source: ", "").replaceAll("\\s+", " ").trim();
    }

    /**
     * What the job itself counted, per event of the backlog: keyed-state reads and writes over all
     * operators ({@code stateAccesses}), gradient messages to the item learner ({@code gradientMessages};
     * {@code gradientContributions}: the per-event messages summed into them), co-occurrence messages and the
     * counts they carry ({@code cooccurrenceMessages}, {@code cooccurrenceCounts}), and Redis writes of all
     * sinks ({@code redisWrites}), summed over subtasks from the Flink REST metrics once they stop moving.
     */
    static Map<String, Double> perEventCosts(LocalStack stack, long n, Map<String, Double> before) throws Exception {
        Map<String, Double> last = new LinkedHashMap<>(settledCounters(stack));
        last.replaceAll((k, v) -> v - before.getOrDefault(k, 0.0));
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("state_accesses_per_event", last.getOrDefault("stateAccesses", 0.0) / n);
        m.put("messages_per_event", last.getOrDefault("gradientMessages", 0.0) / n);
        m.put("unbundled_messages_per_event", last.getOrDefault("gradientContributions", 0.0) / n);
        // co-occurrence: the messages the user learner sent to cooccurrence and the counts they carried (a message per count before bundles)
        m.put("cooccurrence_messages_per_event", last.getOrDefault("cooccurrenceMessages", 0.0) / n);
        m.put("cooccurrence_counts_per_event", last.getOrDefault("cooccurrenceCounts", 0.0) / n);
        m.put("redis_writes_per_event", last.getOrDefault("redisWrites", 0.0) / n);
        // the same per operator ("state_accesses_per_event[user-learner]"): where the cost sits
        for (Map.Entry<String, Double> e : last.entrySet()) {
            int at = e.getKey().indexOf('@');
            if (at > 0) {
                String counter = e.getKey().substring(0, at);
                String metric = counter.equals("stateAccesses") ? "state_accesses_per_event"
                        : counter.equals("redisWrites") ? "redis_writes_per_event" : null;
                if (metric != null) {
                    m.put(metric + "[" + e.getKey().substring(at + 1) + "]", e.getValue() / n);
                }
            }
        }
        return m;
    }

    /** The job's counters ({@link #jobCounters}) once they stop moving (the metrics lag the records by seconds). */
    static Map<String, Double> settledCounters(LocalStack stack) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String jid = runningJob(http, stack);
        Map<String, Double> last = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            Map<String, Double> now = jobCounters(http, stack, jid);
            if (now.equals(last) && now.getOrDefault("stateAccesses", 0.0) > 0) {
                break;
            }
            last = now;
            Thread.sleep(6_000);
        }
        return last;
    }

    static final List<String> COUNTERS = List.of("stateAccesses", "gradientMessages", "gradientContributions", "redisWrites",
            "cooccurrenceMessages", "cooccurrenceCounts");

    /**
     * The job's counters, each summed over every operator and subtask that has it ({@code counter}), and
     * per operator ({@code counter@operator}, the operator's name as the metric scope gives it).
     */
    static Map<String, Double> jobCounters(HttpClient http, LocalStack stack, String jid) throws IOException, InterruptedException {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (JsonNode v : get(http, stack.flinkDashboard() + "/jobs/" + jid).path("vertices")) {
            String base = stack.flinkDashboard() + "/jobs/" + jid + "/vertices/" + v.path("id").asText() + "/subtasks/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode metric : get(http, base)) {
                String id = metric.path("id").asText();
                if (COUNTERS.stream().anyMatch(c -> id.endsWith("." + c))) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            for (JsonNode metric : get(http, base + "?get=" + String.join(",", ids))) {
                String id = metric.path("id").asText();
                String counter = id.substring(id.lastIndexOf('.') + 1);
                sums.merge(counter, metric.path("sum").asDouble(), Double::sum);
                String operator = id.substring(0, id.lastIndexOf('.'));
                sums.merge(counter + "@" + operator, metric.path("sum").asDouble(), Double::sum);
            }
        }
        return sums;
    }

    static String runningJob(HttpClient http, LocalStack stack) throws IOException, InterruptedException {
        for (JsonNode j : get(http, stack.flinkDashboard() + "/jobs/overview").path("jobs")) {
            if ("RUNNING".equals(j.path("state").asText())) {
                return j.path("jid").asText();
            }
        }
        throw new IllegalStateException("no running job on " + stack.flinkDashboard());
    }

    /**
     * When the job had read {@code count} records, nanoseconds: interpolated between the two samples
     * around it (the records read grow steadily between looks, which are {@link #LOOK_MS} apart); the
     * first sample's time for a count before it, the last's for one after it.
     */
    static double when(List<long[]> samples, long count) {
        long[] before = samples.get(0);
        if (count <= before[1]) {
            return before[0];
        }
        for (long[] s : samples) {
            if (s[1] >= count) {
                return before[0] + (double) (s[0] - before[0]) * (count - before[1]) / (s[1] - before[1]);
            }
            before = s;
        }
        return before[0];
    }

    /** Records the user-learner vertex has read, over all its subtasks (Flink REST). */
    static long learnerRecords(HttpClient http, LocalStack stack, String jid) throws IOException, InterruptedException {
        for (JsonNode v : get(http, stack.flinkDashboard() + "/jobs/" + jid).path("vertices")) {
            if (v.path("name").asText().contains("user-learner")) {
                return v.path("metrics").path("read-records").asLong();
            }
        }
        throw new IllegalStateException("no user-learner vertex in job " + jid);
    }

    static JsonNode get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return EventJson.MAPPER.readTree(r.body());
    }

    static void produce(String bootstrap, List<Event> events) {
        Map<String, Object> cfg = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg)) {
            for (Event e : events) {
                // the record's timestamp is the arrival time, as the API writes it (a replayed year-old event time
                // would fall to the broker's time-based retention)
                p.send(new ProducerRecord<>("events", null, null, e.userId.getBytes(StandardCharsets.UTF_8),
                        EventJson.toJson(e).getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }
}
