package io.streamrec.bench;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.kernel.VectorKernels;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.client.api.OperationsApi;
import io.streamrec.launcher.ApiClients;
import io.streamrec.launcher.LocalStack;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code ./recsys bench serving [--items N] [--dim 64] [--duration 30s] [--users U] [--json FILE]}:
 * the serving API measured from a load generator over real HTTP, against the API process of the
 * local stack with a real Redis (no learning job running, so it does not take the cores).
 *
 * <p>Redis holds what a running shop has: item vectors, a catalogue with 50 categories, trending lists
 * overall and per category, and per user a query vector, recent and bought items, category interests.
 * A recommendation therefore does everything it does in production: one Redis round trip for the
 * user, the scan, trending candidates, the blend, exploration and MMR.
 *
 * <p>Scenarios: {@code recommend-<N>} (one client at a time: the latency a page view sees, while item
 * vectors keep changing through the change feed), {@code recommend-<N>-c16} (16 concurrent clients:
 * saturation), {@code similar-<N>}, {@code recommend-1000000} (the catalogue grown to a million items
 * through the change feed); {@code feed} (the API's change-feed lag during the first scenario, from
 * its own metric); and, in the same run, {@code scan} (the top-K kernel alone over N items in this
 * process) and {@code memcopy} (plain array copy: the memory-bandwidth reference).
 */
final class ServingBench {
    static final int K = 20;
    static final int RECENT_PER_USER = 20;
    static final Pattern LAG = Pattern.compile("streamrec_item_feed_lag_seconds\\{quantile=\"([0-9.]+)\",?\\} ([0-9.Ee+-]+)");
    static final Pattern LAG_MAX = Pattern.compile("streamrec_item_feed_lag_seconds_max ([0-9.Ee+-]+)");

    private ServingBench() {}

    static Report run(Path home, Map<String, String> opts) throws Exception {
        int items = Integer.parseInt(opts.getOrDefault("items", "100000"));
        int dim = Integer.parseInt(opts.getOrDefault("dim", "64"));
        int users = Integer.parseInt(opts.getOrDefault("users", "10000"));
        int large = Integer.parseInt(opts.getOrDefault("large-items", "1000000"));
        Duration duration = parseDuration(opts.getOrDefault("duration", "30s"));
        Duration warmup = opts.containsKey("warmup") ? parseDuration(opts.get("warmup"))
                : Duration.ofSeconds(Math.min(10, Math.max(3, duration.toSeconds() / 3)));
        // before the first scenario: until the JIT is done with the request path (on few cores, C2 compiling the
        // HTTP stack competes with the requests, and a short warm-up measures that as tail latency)
        Duration firstWarmup = opts.containsKey("first-warmup") ? parseDuration(opts.get("first-warmup"))
                : Duration.ofSeconds(Math.max(warmup.multipliedBy(2).toSeconds(), Math.min(60, duration.toSeconds() * 2)));
        int width = dim + 1;

        Report r = new Report("serving", "synthetic(items=" + items + ",users=" + users + ",dim=" + dim + ")", 0);
        r.config.put("items", items);
        r.config.put("large_items", large);
        r.config.put("dim", dim);
        r.config.put("users", users);
        r.config.put("k", K);
        r.config.put("duration_s", duration.toSeconds());
        r.config.put("warmup_s", warmup.toSeconds());
        r.config.put("first_warmup_s", firstWarmup.toSeconds());
        r.config.put("cores", Runtime.getRuntime().availableProcessors());
        r.config.put("vector_api", VectorKernels.simd());
        r.config.put("load_generator", "HttpLoadClient: keep-alive HTTP/1.1 over a socket, closed loop, same machine");
        r.config.put("cpu", cpuModel());
        // all by default; a subset (e.g. --scenarios recommend,c16) for a quicker look at one of them
        java.util.Set<String> only = java.util.Set.of(opts.getOrDefault("scenarios", String.join(",", SCENARIOS)).split(","));
        for (String name : only) {
            if (!SCENARIOS.contains(name)) {
                throw new IllegalArgumentException("--scenarios: unknown " + name + " (of " + String.join(",", SCENARIOS) + ")");
            }
        }
        if (!only.containsAll(SCENARIOS)) {
            r.config.put("scenarios", String.join(",", only));
        }

        System.err.println("  memcopy …");
        r.put("memcopy", Map.of("gb_per_s", References.memcopy()));
        int quantizeFrom = Integer.parseInt(opts.getOrDefault("quantize-min-items",
                StreamrecConfig.API_SCAN_QUANTIZE_MIN_ITEMS.defaultValue()));
        r.config.put("scan_quantize_min_items", quantizeFrom);
        // the scan a recommendation runs: the rank.candidates best items, not only the k returned
        int scanK = Integer.parseInt(opts.getOrDefault("candidates", StreamrecConfig.RANK_CANDIDATES.defaultValue()));
        r.config.put("scan_k", scanK);
        Map<String, Double> scan = null;
        if (only.contains("scan")) {
            System.err.println("  scan: the top-" + scanK + " kernel alone over " + items + " items (float, int8) …");
            Map<String, Double> floatScan = ScanKernel.scanInFork(items, width, "float", scanK);
            Map<String, Double> int8Scan = ScanKernel.scanInFork(items, width, "int8", scanK);
            scan = items >= quantizeFrom ? int8Scan : floatScan; // the kernel the API runs
            r.put("scan", scan);
            r.put("scan_float", floatScan);
            r.put("scan_int8", int8Scan);
            // what a query costs when four waiting requests share the int8 pass (every core busy)
            r.put("scan_shared", ScanKernel.scanInFork(items, width, "shared", scanK));
        }
        if (only.contains("scan") && only.contains("large") && large > items) {
            System.err.println("  scan over " + large + " items (float, int8) …");
            r.put("scan_float-" + large, ScanKernel.scanInFork(large, width, "float", scanK));
            r.put("scan_int8-" + large, ScanKernel.scanInFork(large, width, "int8", scanK));
        }

        Map<String, String> env = new HashMap<>();
        env.put("STREAMREC_MODEL_MF_DIM", Integer.toString(dim));
        env.put("STREAMREC_API_HEAP", opts.getOrDefault("api-heap", "2g"));
        env.put("STREAMREC_API_SCAN_QUANTIZE_MIN_ITEMS", Integer.toString(quantizeFrom));
        if (System.getenv("STREAMREC_API_JAVA_OPTS") != null) { // e.g. a flight recording of the API under load
            env.put("STREAMREC_API_JAVA_OPTS", System.getenv("STREAMREC_API_JAVA_OPTS"));
        }
        env.put("STREAMREC_API_MAX_ITEMS", Integer.toString(Math.max(items, large)));
        env.put("STREAMREC_REDIS_CHANGE_FEED_MAX_LEN", Integer.toString(2 * Math.max(items, large)));
        if (opts.containsKey("scan-threads")) { // 1: every scan on its request's thread (no split over idle cores)
            env.put("STREAMREC_API_SCAN_THREADS", opts.get("scan-threads"));
            r.config.put("scan_threads", Integer.parseInt(opts.get("scan-threads")));
        }
        if (opts.containsKey("candidates")) {
            env.put("STREAMREC_RANK_CANDIDATES", opts.get("candidates"));
            r.config.put("rank_candidates", Integer.parseInt(opts.get("candidates")));
        }
        Path var = home.resolve("var/bench-serving-" + System.currentTimeMillis());
        System.err.println("  starting Redis and Kafka (logs in " + var.resolve("logs") + ") …");
        try (LocalStack stack = LocalStack.startInfrastructure(new LocalStack.Options(home, var, 0, 0, 1, false, env),
                System.err);
             UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(stack.redisUrl(), 10_000, 4, 5_000, "bench"))) {
            SplittableRandom rnd = new SplittableRandom(42);
            System.err.println("  writing " + items + " item vectors and " + users + " users to Redis …");
            ServingData.writeItems(redis, 0, items, width, rnd, false);
            ServingData.writeCatalogueAndTrending(redis, items, rnd);
            ServingData.writeUsers(redis, users, items, width, rnd);
            System.err.println("  starting the API …");
            stack.startApiOnly();
            awaitIndexSize(stack, items);

            URI base = URI.create(stack.apiBase());
            // warm-up, not measured: the JIT compiles the request path and the garbage of the initial load goes
            System.err.println("  warm-up (" + firstWarmup.toSeconds() + " s, not measured) …");
            ServingLoad.load(base, 2, firstWarmup, Duration.ofMillis(1),
                    g -> g.nextBoolean() ? "/v1/users/user-" + g.nextInt(users) + "/recommendations?k=" + K
                            : "/v1/items/item-" + g.nextInt(items) + "/similar?k=" + K);
            AtomicBoolean writing = new AtomicBoolean(!opts.getOrDefault("feed-writes", "on").equals("off"));
            Thread writer = new Thread(() -> ServingData.keepUpdating(redis, items, width, writing), "feed-writer");
            writer.start();
            if (only.contains("recommend")) {
                System.err.println("  recommend-" + items + " (1 client, item vectors changing at ~50/s) …");
                r.put("recommend-" + items, ServingLoad.load(base, 1, warmup, duration,
                        g -> "/v1/users/user-" + g.nextInt(users) + "/recommendations?k=" + K));
            }
            writing.set(false);
            writer.join();
            if (only.contains("recommend")) {
                r.put("feed", feedLag(stack));
            }

            if (only.contains("c16")) {
                System.err.println("  recommend-" + items + "-c16 (16 clients) …");
                r.put("recommend-" + items + "-c16", ServingLoad.load(base, 16, warmup, duration,
                        g -> "/v1/users/user-" + g.nextInt(users) + "/recommendations?k=" + K));
            }
            if (only.contains("similar")) {
                System.err.println("  similar-" + items + " (1 client) …");
                r.put("similar-" + items, ServingLoad.load(base, 1, warmup, duration,
                        g -> "/v1/items/item-" + g.nextInt(items) + "/similar?k=" + K));
            }

            if (only.contains("large") && large > items) {
                System.err.println("  growing the catalogue to " + large + " items through the change feed …");
                ServingData.writeItems(redis, items, large, width, rnd, true);
                awaitIndexSize(stack, large);
                System.err.println("  recommend-" + large + " (1 client) …");
                r.put("recommend-" + large, ServingLoad.load(base, 1, warmup.multipliedBy(2), duration,
                        g -> "/v1/users/user-" + g.nextInt(users) + "/recommendations?k=" + K));
            }
        }
        if (scan != null) {
            double kernelRps = Runtime.getRuntime().availableProcessors() * 1000 / scan.get("ms_per_query");
            r.config.put("kernel_rps_all_cores", Math.round(kernelRps));
        }
        return r;
    }

    /** What {@code --scenarios} may name: the kernels alone, the three 100k-item scenarios, the million-item ones. */
    static final List<String> SCENARIOS = List.of("scan", "recommend", "c16", "similar", "large");

    /** The processor's model name (/proc/cpuinfo), so a result says which machine it is from. */
    static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return System.getProperty("os.arch");
    }

    /** The API's own measurement of the change-feed lag (Prometheus summary), in ms. */
    static Map<String, Double> feedLag(LocalStack stack) throws Exception {
        String metrics = ServingLoad.metrics(stack.apiBase());
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = LAG.matcher(metrics);
        while (m.find()) {
            String q = m.group(1);
            String name = q.equals("0.5") ? "lag_p50_ms" : q.equals("0.99") ? "lag_p99_ms" : q.equals("0.999") ? "lag_p999_ms" : null;
            if (name != null) {
                out.put(name, Double.parseDouble(m.group(2)) * 1000);
            }
        }
        Matcher max = LAG_MAX.matcher(metrics);
        if (max.find()) {
            out.put("lag_max_ms", Double.parseDouble(max.group(1)) * 1000);
        }
        return out;
    }

    static void awaitIndexSize(LocalStack stack, int n) throws Exception {
        OperationsApi api = new OperationsApi(ApiClients.of(stack.apiBase(), null, Duration.ofSeconds(30)));
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        Pattern size = Pattern.compile("streamrec_item_index_items ([0-9.Ee+]+)");
        while (true) {
            String metrics = api.metricsControllerMetrics();
            Matcher m = size.matcher(metrics);
            if (m.find() && Double.parseDouble(m.group(1)) >= n) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the API did not load " + n + " items in time");
            }
            Thread.sleep(500);
        }
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t));
    }
}
