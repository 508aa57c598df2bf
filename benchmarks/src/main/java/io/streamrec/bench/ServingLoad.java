package io.streamrec.bench;

import io.streamrec.client.ApiException;
import io.streamrec.client.api.OperationsApi;
import io.streamrec.launcher.ApiClients;
import io.streamrec.launcher.LocalStack;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The serving benchmark's HTTP load: closed-loop clients against the API, and the API's own timings. */
final class ServingLoad {
    private ServingLoad() {}

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
        out.put("p50_ms", ServingBench.percentile(all, 0.50));
        out.put("p99_ms", ServingBench.percentile(all, 0.99));
        out.put("p999_ms", ServingBench.percentile(all, 0.999));
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
}
