package io.streamrec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.launcher.LocalStack;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code ./recsys bench soak [--minutes 30] [--events-per-s 100] [--users 2000] [--items 5000]
 * [--parallelism 2] [--json FILE]}: the whole local stack (redis-server, a KRaft broker, the Flink job,
 * the API, each its own process) under a steady mixed load for a fixed time, through the API only:
 * events in (batches, as a shop's backend sends them), recommendations out, catalogue edits, and users
 * forgotten (privacy requests) after they sent a few events.
 *
 * <p>At the end the load stops and the job is given time to drain; then it reports whether every event
 * the API accepted (202) was applied to the job's state (each user's published vector version counts
 * the events applied to that user), whether the forgotten users left no key behind, the answers by
 * status, latency per minute (p50, p99 of each kind of request), heap (live, after a full GC) and RSS of
 * every process after the warm-up and at the end, Redis memory, and the checkpoints' sizes. The run is
 * "clean" when applied equals accepted, no request failed (any status but 2xx counts), no forgotten user
 * has a key and every process is still alive; otherwise the command exits with status 1.
 */
final class SoakBench {
    static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    static final String[] TYPES = {"view", "view", "view", "view", "view", "view", "view", "view", "add_to_cart", "purchase"};

    private SoakBench() {}

    /** One kind of request's latencies and answers, per minute of the run. */
    static final class Kind {
        final String name;
        final Map<Integer, ConcurrentLinkedQueue<Long>> perMinute = new ConcurrentHashMap<>();

        Kind(String name) {
            this.name = name;
        }

        void record(int minute, long nanos) {
            perMinute.computeIfAbsent(minute, m -> new ConcurrentLinkedQueue<>()).add(nanos);
        }
    }

    static Report run(Path home, Map<String, String> opts) throws Exception {
        double minutes = Double.parseDouble(opts.getOrDefault("minutes", "30"));
        int eventsPerSecond = Integer.parseInt(opts.getOrDefault("events-per-s", "100"));
        int users = Integer.parseInt(opts.getOrDefault("users", "2000"));
        int items = Integer.parseInt(opts.getOrDefault("items", "5000"));
        int parallelism = Integer.parseInt(opts.getOrDefault("parallelism", "2"));
        Duration duration = Duration.ofMillis((long) (minutes * 60_000));
        Duration warmup = Duration.ofSeconds(Math.min(60, Math.max(10, duration.toSeconds() / 5)));

        Report r = new Report("soak", "synthetic(users=" + users + ",items=" + items + ")", 0);
        r.config.put("minutes", minutes);
        r.config.put("events_per_s", eventsPerSecond);
        r.config.put("users", users);
        r.config.put("items", items);
        r.config.put("parallelism", parallelism);
        r.config.put("warmup_s", warmup.toSeconds());
        r.config.put("load", "events in batches of " + Math.max(1, eventsPerSecond / 20) + " every 50 ms, "
                + "a recommendation every 50 ms, a catalogue edit every second, a user forgotten every 10 s");
        r.config.put("cores", Runtime.getRuntime().availableProcessors());
        r.config.put("cpu", ServingBench.cpuModel());
        r.config.put("started", java.time.Instant.now().toString());
        r.splitByShape = true;

        Path var = home.resolve("var/bench-soak-" + System.currentTimeMillis());
        Map<String, String> env = new HashMap<>();
        env.put("STREAMREC_FLINK_CHECKPOINT_DIR", var.resolve("checkpoints").toAbsolutePath().toString());
        System.err.println("  starting the stack (logs in " + var.resolve("logs") + ") …");
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(home, var, 0, 0, parallelism, false, env), System.err);
             UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(stack.redisUrl(), 10_000, 2, 5_000, "soak"))) {
            Map<String, Long> pids = processes();
            System.err.println("  processes: " + pids);
            SoakLoad load = new SoakLoad(stack, users, items, eventsPerSecond);
            long t0 = System.nanoTime();
            load.start(t0);
            System.err.println("  warm-up " + warmup.toSeconds() + " s, then " + duration.toSeconds() + " s of load …");
            Thread.sleep(warmup.toMillis());
            Map<String, Map<String, Double>> atStart = snapshot(pids, stack, redis, var);
            long end = t0 + duration.toNanos();
            while (System.nanoTime() < end) {
                String dead = stack.deadProcess();
                if (dead != null) {
                    load.stop();
                    throw new IllegalStateException("a process died during the soak: " + dead);
                }
                Thread.sleep(Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                long done = (System.nanoTime() - t0) / 1_000_000_000L;
                if (done % 60 < 5) {
                    System.err.println("  " + done + " s: " + load.accepted.sum() + " events accepted, errors " + load.errors);
                }
            }
            load.stop();
            System.err.println("  load stopped; waiting for the job to apply every accepted event …");
            long accepted = load.accepted.sum();
            long drainStart = System.nanoTime();
            long applied = applied(redis, load.acceptedPerUser.keySet());
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (applied < accepted && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                applied = applied(redis, load.acceptedPerUser.keySet());
            }
            // a little longer: more than accepted would be events applied twice
            Thread.sleep(3000);
            applied = applied(redis, load.acceptedPerUser.keySet());
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            long usersWrong = 0;
            for (Map.Entry<String, LongAdder> e : load.acceptedPerUser.entrySet()) {
                if (version(redis, e.getKey()) != e.getValue().sum()) {
                    usersWrong++;
                }
            }
            // the last users forgotten: their tombstones may still be on the way
            Thread.sleep(2000);
            long forgottenKeys = 0;
            for (String u : load.forgotten) {
                for (String k : RedisKeys.allUserKeys(u)) {
                    forgottenKeys += redis.exists(k) ? 1 : 0;
                }
            }
            Map<String, Map<String, Double>> atEnd = snapshot(pids, stack, redis, var);
            boolean alive = stack.deadProcess() == null;

            Map<String, Double> state = new LinkedHashMap<>();
            state.put("accepted", (double) accepted);
            state.put("applied", (double) applied);
            state.put("users_with_wrong_count", (double) usersWrong);
            state.put("users", (double) load.acceptedPerUser.size());
            state.put("forgotten_users", (double) load.forgotten.size());
            state.put("forgotten_keys_left", (double) forgottenKeys);
            state.put("drain_s", drainSeconds);
            r.put("state", state);

            Map<String, Double> statuses = new LinkedHashMap<>();
            load.statuses.forEach((k, v) -> statuses.put(k, (double) v.sum()));
            r.put("answers", statuses);
            long failed = load.statuses.entrySet().stream().filter(e -> !e.getKey().matches(".*_2\\d\\d"))
                    .mapToLong(e -> e.getValue().sum()).sum();
            failed += load.rejected.sum();

            for (Kind k : load.kinds()) {
                for (Map.Entry<Integer, ConcurrentLinkedQueue<Long>> m : new TreeMap<>(k.perMinute).entrySet()) {
                    long[] lat = m.getValue().stream().mapToLong(Long::longValue).toArray();
                    Arrays.sort(lat);
                    Map<String, Double> row = new LinkedHashMap<>();
                    row.put("requests", (double) lat.length);
                    row.put("p50_ms", ServingBench.percentile(lat, 0.5));
                    row.put("p99_ms", ServingBench.percentile(lat, 0.99));
                    row.put("max_ms", lat.length == 0 ? Double.NaN : lat[lat.length - 1] / 1e6);
                    r.put(k.name + "-min" + (m.getKey() + 1), row);
                }
            }
            for (String p : atStart.keySet()) {
                Map<String, Double> row = new LinkedHashMap<>();
                atStart.get(p).forEach((k, v) -> row.put(k + "_start", v));
                atEnd.getOrDefault(p, Map.of()).forEach((k, v) -> row.put(k + "_end", v));
                r.put(p, row);
            }
            boolean clean = accepted > 0 && applied == accepted && usersWrong == 0 && failed == 0 && forgottenKeys == 0 && alive;
            r.config.put("clean", clean);
            r.config.put("failed_requests", failed);
            if (!alive) {
                r.config.put("dead_process", stack.deadProcess());
            }
            return r;
        }
    }

    /** Events applied over {@code users}: the sum of their published vector versions. */
    static long applied(UnifiedJedis redis, Set<String> users) {
        long sum = 0;
        for (String u : users) {
            sum += version(redis, u);
        }
        return sum;
    }

    static long version(UnifiedJedis redis, String user) {
        return io.streamrec.core.redis.UserValueVersions.vector(redis, user);
    }

    /** The stack's processes, children of this JVM, by role. */
    static Map<String, Long> processes() {
        Map<String, Long> out = new LinkedHashMap<>();
        ProcessHandle.current().descendants().forEach(p -> {
            String cmd = commandLine(p.pid());
            String role = cmd.contains("redis-server") ? "redis"
                    : cmd.contains("KafkaBrokerMain") ? "kafka"
                    : cmd.contains("io.streamrec.flink.StreamrecJob") ? "flink-job"
                    : cmd.contains("io.streamrec.api.ApiMain") ? "api" : null;
            if (role != null) {
                out.putIfAbsent(role, p.pid());
            }
        });
        out.put("bench", ProcessHandle.current().pid());
        return out;
    }

    /** The process's full command line (ProcessHandle.Info may leave out a long one). */
    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
        }
    }

    /** Per process RSS and (JVMs) live heap; Redis memory; the job's checkpoints. */
    static Map<String, Map<String, Double>> snapshot(Map<String, Long> pids, LocalStack stack, UnifiedJedis redis, Path var) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        pids.forEach((role, pid) -> {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("rss_mb", rssMb(pid));
            if (!role.equals("redis")) {
                m.put("heap_live_mb", liveHeapMb(pid));
            }
            out.put("process-" + role, m);
        });
        Map<String, Double> mem = new LinkedHashMap<>();
        Map<String, String> info = info(redis.info("memory"));
        mem.put("used_mb", Double.parseDouble(info.getOrDefault("used_memory", "0")) / 1e6);
        mem.put("rss_mb", Double.parseDouble(info.getOrDefault("used_memory_rss", "0")) / 1e6);
        mem.put("keys", (double) redis.dbSize());
        out.put("redis-memory", mem);
        out.put("checkpoints", checkpoints(stack, var.resolve("checkpoints")));
        return out;
    }

    static Map<String, String> info(String text) {
        Map<String, String> m = new HashMap<>();
        for (String line : text.split("\r?\n")) {
            int i = line.indexOf(':');
            if (i > 0) {
                m.put(line.substring(0, i), line.substring(i + 1).trim());
            }
        }
        return m;
    }

    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return Double.NaN;
    }

    /** Heap in use right after a full collection (jcmd GC.run, then GC.heap_info), in MB. */
    static double liveHeapMb(long pid) {
        try {
            jcmd(pid, "GC.run");
            String heap = jcmd(pid, "GC.heap_info");
            long kb = 0;
            for (String line : heap.split("\n")) {
                if (line.contains("Metaspace") || line.contains("class space")) {
                    continue;
                }
                Matcher m = HEAP_USED.matcher(line);
                if (m.find()) {
                    kb += Long.parseLong(m.group(1));
                }
            }
            return kb / 1024.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jcmd = Path.of(java).resolveSibling("jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }

    /** The latest completed checkpoint (Flink REST) and the checkpoint directory's size on disk. */
    static Map<String, Double> checkpoints(LocalStack stack, Path dir) {
        Map<String, Double> m = new LinkedHashMap<>();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String jid = LearnBench.runningJob(http, stack);
            JsonNode c = LearnBench.get(http, stack.flinkDashboard() + "/jobs/" + jid + "/checkpoints");
            m.put("completed", c.path("counts").path("completed").asDouble());
            m.put("failed", c.path("counts").path("failed").asDouble());
            JsonNode latest = c.path("latest").path("completed");
            m.put("latest_state_mb", latest.path("state_size").asDouble() / 1e6);
            m.put("latest_checkpointed_mb", latest.path("checkpointed_size").asDouble() / 1e6);
            for (JsonNode h : c.path("history")) {
                if ("FAILED".equals(h.path("status").asText())) {
                    System.err.println("  a failed checkpoint " + h.path("id").asText() + ": " + h.path("failure_message").asText());
                }
            }
        } catch (IOException | RuntimeException e) {
            m.put("rest_failed", 1.0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            m.put("dir_mb", s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() / 1e6);
        } catch (IOException | RuntimeException e) {
            m.put("dir_mb", Double.NaN);
        }
        return m;
    }
}
