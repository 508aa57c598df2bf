package io.streamrec.bench;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.kernel.TopK;
import io.streamrec.core.kernel.VectorKernels;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.vector.ItemMatrix;
import io.streamrec.core.vector.VectorCodec;
import io.streamrec.client.ApiException;
import io.streamrec.client.api.OperationsApi;
import io.streamrec.launcher.ApiClients;
import io.streamrec.launcher.LocalStack;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.StreamEntryID;

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
        // before the first scenario: until the JIT is done with the request path (on two cores, C2 compiling the
        // HTTP stack took a third of a core for well over 20 s, which is what a short warm-up measured as tail)
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
        r.put("memcopy", Map.of("gb_per_s", LearnBench.memcopy()));
        int quantizeFrom = Integer.parseInt(opts.getOrDefault("quantize-min-items",
                StreamrecConfig.API_SCAN_QUANTIZE_MIN_ITEMS.defaultValue()));
        r.config.put("scan_quantize_min_items", quantizeFrom);
        // the scan a recommendation runs: the rank.candidates best items, not only the k returned
        int scanK = Integer.parseInt(opts.getOrDefault("candidates", StreamrecConfig.RANK_CANDIDATES.defaultValue()));
        r.config.put("scan_k", scanK);
        Map<String, Double> scan = null;
        if (only.contains("scan")) {
            System.err.println("  scan: the top-" + scanK + " kernel alone over " + items + " items (float, int8) …");
            Map<String, Double> floatScan = scanInFork(items, width, "float", scanK);
            Map<String, Double> int8Scan = scanInFork(items, width, "int8", scanK);
            scan = items >= quantizeFrom ? int8Scan : floatScan; // the kernel the API runs
            r.put("scan", scan);
            r.put("scan_float", floatScan);
            r.put("scan_int8", int8Scan);
            // what a query costs when four waiting requests share the int8 pass (every core busy)
            r.put("scan_shared", scanInFork(items, width, "shared", scanK));
        }
        if (only.contains("scan") && only.contains("large") && large > items) {
            System.err.println("  scan over " + large + " items (float, int8) …");
            r.put("scan_float-" + large, scanInFork(large, width, "float", scanK));
            r.put("scan_int8-" + large, scanInFork(large, width, "int8", scanK));
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
            writeItems(redis, 0, items, width, rnd, false);
            writeCatalogueAndTrending(redis, items, rnd);
            writeUsers(redis, users, items, width, rnd);
            System.err.println("  starting the API …");
            stack.startApiOnly();
            awaitIndexSize(stack, items);

            URI base = URI.create(stack.apiBase());
            // warm-up, not measured: the JIT compiles the request path and the garbage of the initial load goes
            System.err.println("  warm-up (" + firstWarmup.toSeconds() + " s, not measured) …");
            load(base, 2, firstWarmup, Duration.ofMillis(1),
                    g -> g.nextBoolean() ? "/v1/users/user-" + g.nextInt(users) + "/recommendations?k=" + K
                            : "/v1/items/item-" + g.nextInt(items) + "/similar?k=" + K);
            AtomicBoolean writing = new AtomicBoolean(!opts.getOrDefault("feed-writes", "on").equals("off"));
            Thread writer = new Thread(() -> keepUpdating(redis, items, width, writing), "feed-writer");
            writer.start();
            if (only.contains("recommend")) {
                System.err.println("  recommend-" + items + " (1 client, item vectors changing at ~50/s) …");
                r.put("recommend-" + items, load(base, 1, warmup, duration,
                        g -> "/v1/users/user-" + g.nextInt(users) + "/recommendations?k=" + K));
            }
            writing.set(false);
            writer.join();
            if (only.contains("recommend")) {
                r.put("feed", feedLag(stack));
            }

            if (only.contains("c16")) {
                System.err.println("  recommend-" + items + "-c16 (16 clients) …");
                r.put("recommend-" + items + "-c16", load(base, 16, warmup, duration,
                        g -> "/v1/users/user-" + g.nextInt(users) + "/recommendations?k=" + K));
            }
            if (only.contains("similar")) {
                System.err.println("  similar-" + items + " (1 client) …");
                r.put("similar-" + items, load(base, 1, warmup, duration,
                        g -> "/v1/items/item-" + g.nextInt(items) + "/similar?k=" + K));
            }

            if (only.contains("large") && large > items) {
                System.err.println("  growing the catalogue to " + large + " items through the change feed …");
                writeItems(redis, items, large, width, rnd, true);
                awaitIndexSize(stack, large);
                System.err.println("  recommend-" + large + " (1 client) …");
                r.put("recommend-" + large, load(base, 1, warmup.multipliedBy(2), duration,
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

    /**
     * {@link #scan} in JVMs of their own (as JMH forks), three of them, the median fork reported: each kernel
     * compiled from its own profile, as in the API, which runs one of them. In one JVM, the second kernel
     * measured was sometimes 2× slower than alone. The forks' range (fork_min_ms, fork_max_ms) shows how
     * much a fresh JVM varies.
     */
    static Map<String, Double> scanInFork(int items, int width, String kernel, int k) throws Exception {
        List<Map<String, Double>> forks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            forks.add(oneFork(items, width, kernel, k));
        }
        forks.sort(java.util.Comparator.comparingDouble(m -> m.get("ms_per_query")));
        Map<String, Double> median = new LinkedHashMap<>(forks.get(1));
        median.put("fork_min_ms", forks.get(0).get("ms_per_query"));
        median.put("fork_max_ms", forks.get(2).get("ms_per_query"));
        return median;
    }

    private static Map<String, Double> oneFork(int items, int width, String kernel, int k) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx3g", "-XX:+UseG1GC",
                "-cp", System.getProperty("java.class.path"), ScanFork.class.getName(), Integer.toString(items),
                Integer.toString(width), kernel, Integer.toString(k));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IllegalStateException("scan fork failed (exit " + p.exitValue() + "): " + out);
        }
        Map<String, Double> result = new LinkedHashMap<>();
        for (String kv : out.lines().reduce((a, b) -> b).orElseThrow().split(" ")) { // the last line: key=value pairs
            String[] parts = kv.split("=", 2);
            result.put(parts[0], Double.parseDouble(parts[1]));
        }
        return result;
    }

    /** The forked JVM of {@link #scanInFork}: prints the measurement as key=value pairs on one line. */
    static final class ScanFork {
        public static void main(String[] args) {
            Map<String, Double> m = scan(Integer.parseInt(args[0]), Integer.parseInt(args[1]), args[2],
                    Integer.parseInt(args[3]));
            StringBuilder line = new StringBuilder();
            m.forEach((key, value) -> line.append(line.length() == 0 ? "" : " ").append(key).append('=').append(value));
            System.out.println(line);
        }
    }

    /**
     * The top-k scan alone: {@code items} random rows, one query after another, median of 5 rounds of 0.5 s
     * after 5 s of warm-up. {@code kernel}: {@code float} the float scan, {@code int8} the two-pass scan (int8
     * first pass, exact re-score), {@code shared} the two-pass scan with four queries per int8 pass
     * ({@link ItemMatrix#topKTogether}; {@code ms_per_query} per query). {@code gb_per_s}: the bytes the pass reads
     * (rows, bias and, for int8, the per-row steps and code norms) per second.
     */
    static Map<String, Double> scan(int items, int width, String kernel, int k) {
        boolean int8 = !kernel.equals("float");
        boolean shared = kernel.equals("shared");
        ItemMatrix m = new ItemMatrix(width, items);
        if (int8) {
            m.quantizeFrom(0);
        }
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < items; i++) {
            m.upsert("item-" + i, randomVector(rnd, width, 0.1f), 1);
        }
        int together = shared ? 4 : 1; // "shared": four queries through one int8 pass, as waiting requests go
        float[][] qs = new float[together][];
        for (int i = 0; i < together; i++) {
            qs[i] = randomVector(rnd, width, 1f);
            qs[i][width - 1] = 1f;
        }
        // JMH-like: rounds of ~0.5 s, warm-up for 5 s first. A kernel called a few hundred times with long
        // loops runs first as on-stack-replaced loops inside C1 code (at a million items about 2x slower),
        // until C2 compiles the whole method, which took up to ~3 s of queries here.
        double[] ms = new double[5];
        long warmupEnd = System.nanoTime() + 5_000_000_000L;
        for (int round = 0; round < ms.length; ) {
            long t0 = System.nanoTime();
            int queries = 0;
            long now;
            do {
                TopK[] heaps = new TopK[together];
                for (int i = 0; i < together; i++) {
                    qs[i][queries % (width - 1)] += 1e-3f; // a different query each time
                    heaps[i] = new TopK(k);
                }
                if (shared) {
                    m.topKTogether(qs, heaps, VectorKernels.RowFilter.NONE);
                } else {
                    m.topK(qs[0], heaps[0], VectorKernels.RowFilter.NONE);
                }
                queries += together;
                now = System.nanoTime();
            } while (now - t0 < 500_000_000L);
            if (t0 >= warmupEnd) {
                ms[round++] = (now - t0) / 1e6 / queries;
            }
        }
        double perQuery = LearnBench.median(ms);
        // int8: the codes (padded to whole groups of columns), the step, the codes' norm and the bias
        long bytesPerRow = int8 ? VectorKernels.int8Columns(width - 1) + 4 + 4 + 4 : (m.stride() + 1) * 4L;
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("ms_per_query", perQuery);
        out.put("gb_per_s", (double) items * bytesPerRow / (perQuery * 1e6) / together); // bytes read per second
        if (int8) {
            out.put("exact_rescans", (double) m.exactRescans());
        }
        return out;
    }

    static float[] randomVector(SplittableRandom rnd, int width, float scale) {
        float[] v = new float[width];
        for (int i = 0; i < width - 1; i++) {
            v[i] = (float) (rnd.nextGaussian() * scale);
        }
        v[width - 1] = (float) (-2 + Math.log(1 + rnd.nextDouble() * 50)); // a skewed popularity bias
        return v;
    }

    /** HSET the vectors of items {@code from..to-1} in pipelines; with {@code announce}, also on the change feed. */
    static void writeItems(UnifiedJedis redis, int from, int to, int width, SplittableRandom rnd, boolean announce) {
        byte[] vecKey = RedisKeys.ITEM_VECTORS.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        for (int start = from; start < to; start += 2000) {
            try (AbstractPipeline p = redis.pipelined()) {
                for (int i = start; i < Math.min(to, start + 2000); i++) {
                    String id = "item-" + i;
                    p.hset(vecKey, id.getBytes(StandardCharsets.UTF_8), VectorCodec.encode(randomVector(rnd, width, 0.1f), 1, now));
                    if (announce) {
                        p.xadd(RedisKeys.ITEM_CHANGES, StreamEntryID.NEW_ENTRY,
                                Map.of(RedisKeys.CHANGE_ITEM, id, RedisKeys.CHANGE_VERSION, "1"));
                    }
                }
                p.sync();
            }
        }
    }

    static final int CATEGORIES = 50;

    static String categoryOf(int item) {
        return "category-" + (item % CATEGORIES);
    }

    /**
     * What the shop and the job publish besides vectors: every item in the catalogue with one of 50
     * categories, and trending lists (24h) overall and per category with power-law popularity.
     */
    static void writeCatalogueAndTrending(UnifiedJedis redis, int items, SplittableRandom rnd) {
        long now = System.currentTimeMillis();
        for (int start = 0; start < items; start += 2000) {
            try (AbstractPipeline p = redis.pipelined()) {
                for (int i = start; i < Math.min(items, start + 2000); i++) {
                    String id = "item-" + i;
                    p.hset(RedisKeys.ITEM_CATALOG, id, new io.streamrec.core.catalog.CatalogItem(id, categoryOf(i),
                            List.of(), 9.99, true, false, now).toJson());
                    if (i < 20_000) { // the popular head is what trending lists hold
                        double score = io.streamrec.core.decay.LogDecay.add(Double.NEGATIVE_INFINITY, 1000.0 / (1 + i), now,
                                86_400_000d);
                        p.zadd(RedisKeys.trending("24h"), score, id);
                        p.zadd(RedisKeys.trending("24h", categoryOf(i)), score, id);
                    }
                }
                p.sync();
            }
        }
    }

    /** Users with a query vector, recent items and a few bought ones (what the job publishes). */
    static void writeUsers(UnifiedJedis redis, int users, int items, int width, SplittableRandom rnd) {
        for (int start = 0; start < users; start += 500) {
            try (AbstractPipeline p = redis.pipelined()) {
                for (int u = start; u < Math.min(users, start + 500); u++) {
                    String id = "user-" + u;
                    float[] q = randomVector(rnd, width, 1f);
                    q[width - 1] = 1f;
                    p.set(RedisKeys.userVector(id).getBytes(StandardCharsets.UTF_8), VectorCodec.encode(q, 1, 0));
                    Map<String, Double> recent = new HashMap<>();
                    for (int j = 0; j < RECENT_PER_USER; j++) {
                        recent.put("item-" + rnd.nextInt(items), (double) j);
                    }
                    p.zadd(RedisKeys.userRecentItems(id), recent);
                    p.zadd(RedisKeys.userBought(id), Map.of("item-" + rnd.nextInt(items), 1.0, "item-" + rnd.nextInt(items), 2.0));
                    Map<String, String> interests = new HashMap<>();
                    for (int c = 0; c < 5; c++) {
                        interests.put(categoryOf(rnd.nextInt(CATEGORIES)), rnd.nextDouble() * 3 + " " + rnd.nextDouble() * 20);
                    }
                    p.hset(RedisKeys.userInterests(id), interests);
                    p.hset(RedisKeys.userMeta(id), Map.of(RedisKeys.META_RECENT_REF_TS, Long.toString(System.currentTimeMillis()),
                            RedisKeys.META_VECTOR_VERSION, Integer.toString(1 + rnd.nextInt(200))));
                }
                p.sync();
            }
        }
    }

    /** What the job does while the API serves: item vectors rewritten (with the change feed), ~50 per second. */
    static void keepUpdating(UnifiedJedis redis, int items, int width, AtomicBoolean running) {
        SplittableRandom rnd = new SplittableRandom(11);
        String sha = redis.scriptLoad(RedisScripts.WRITE_ITEM_VECTORS.source());
        long version = 2;
        List<String> keys = List.of(RedisKeys.ITEM_VECTORS, RedisKeys.ITEM_VERSIONS, RedisKeys.ITEM_CHANGES,
                RedisKeys.ITEM_CONTEXT_VECTORS);
        byte[][] keyBytes = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        while (running.get()) {
            String id = "item-" + rnd.nextInt(items);
            long now = System.currentTimeMillis();
            long v = version++;
            List<byte[]> args = List.of("1000000".getBytes(StandardCharsets.UTF_8), id.getBytes(StandardCharsets.UTF_8),
                    Long.toString(v).getBytes(StandardCharsets.UTF_8),
                    VectorCodec.encode(randomVector(rnd, width, 0.1f), v, now),
                    VectorCodec.encode(new float[width - 1], v, now));
            redis.evalsha(sha.getBytes(StandardCharsets.UTF_8), Arrays.asList(keyBytes), args);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The API's own measurement of the change-feed lag (Prometheus summary), in ms. */
    static Map<String, Double> feedLag(LocalStack stack) throws Exception {
        String metrics = metrics(stack.apiBase());
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

    /**
     * A closed-loop load: {@code clients} threads, each sending one request, waiting for the answer,
     * sending the next. Latency is measured per request after the warm-up; any answer but 200 and any
     * failure counts as an error.
     */
    static Map<String, Double> load(URI api, int clients, Duration warmup, Duration duration,
                                    Function<SplittableRandom, String> path) throws Exception {
        Map<String, double[]> before = serverTimes(api);
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        List<long[]> latencies = new ArrayList<>();
        long[] errors = new long[clients];
        int[] counts = new int[clients];
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[1 << 16];
            latencies.add(mine);
            int client = c;
            threads[c] = new Thread(() -> {
                HttpLoadClient http = new HttpLoadClient(api.getHost(), api.getPort(), LocalStack.LOCAL_WRITE_KEY);
                SplittableRandom rnd = new SplittableRandom(1000 + client);
                long[] lat = mine;
                int n = 0;
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    boolean ok;
                    try {
                        ok = http.get(path.apply(rnd)) == 200;
                    } catch (Exception e) {
                        ok = false;
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom) {
                        if (!ok) {
                            errors[client]++;
                        }
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = t1 - t0;
                    }
                }
                http.close();
                latencies.set(client, lat);
                counts[client] = n;
            }, "load-" + c);
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("p50_ms", percentile(all, 0.50));
        out.put("p99_ms", percentile(all, 0.99));
        out.put("p999_ms", percentile(all, 0.999));
        out.put("rps", total / (duration.toNanos() / 1e9));
        out.put("errors", (double) Arrays.stream(errors).sum());
        out.put("requests", (double) total);
        // the API's own time per request (its request logger's timer), warm-up included
        Map<String, double[]> after = serverTimes(api);
        double sum = 0;
        double count = 0;
        for (Map.Entry<String, double[]> e : after.entrySet()) {
            double[] b = before.getOrDefault(e.getKey(), new double[2]);
            sum += e.getValue()[0] - b[0];
            count += e.getValue()[1] - b[1];
        }
        if (count > 0) {
            out.put("server_mean_ms", sum / count * 1000);
        }
        return out;
    }

    static final Pattern SERVER_TIME = Pattern.compile(
            "streamrec_http_requests_seconds_(sum|count)\\{method=\"GET\",route=\"(/v1/[^\"]+)\",status=\"200\",?\\} ([0-9.Ee+-]+)");

    /** Per route: the API's summed request seconds and request count so far. */
    static Map<String, double[]> serverTimes(URI api) throws Exception {
        String metrics = metrics(api.toString());
        Map<String, double[]> out = new HashMap<>();
        Matcher m = SERVER_TIME.matcher(metrics);
        while (m.find()) {
            out.computeIfAbsent(m.group(2), k -> new double[2])[m.group(1).equals("sum") ? 0 : 1] = Double.parseDouble(m.group(3));
        }
        return out;
    }

    /** GET /metrics through the API's generated client (outside the measured load). */
    static String metrics(String apiBase) throws ApiException {
        return new OperationsApi(ApiClients.of(apiBase, null, Duration.ofSeconds(30))).metricsControllerMetrics();
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
