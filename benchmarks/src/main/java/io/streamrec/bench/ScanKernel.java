package io.streamrec.bench;

import io.streamrec.core.kernel.TopK;
import io.streamrec.core.kernel.VectorKernels;
import io.streamrec.core.vector.ItemMatrix;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The serving benchmark's kernel scenario: the top-K scan alone over random vectors, float and int8,
 * each measured in a forked JVM so one kernel's JIT and heap do not shape the next.
 */
final class ScanKernel {
    private ScanKernel() {}

    /**
     * {@link #scan} in JVMs of their own (as JMH forks), three of them, the median fork reported: each kernel
     * compiled from its own profile, as in the API, which runs one of them. In one JVM, the kernel measured
     * second would run code compiled from the first one's profile. The forks' range (fork_min_ms, fork_max_ms) shows how
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
        // loops runs first as slower on-stack-replaced loops inside C1 code until C2 compiles the whole method,
        // and the warm-up must outlast that.
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
        double perQuery = References.median(ms);
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
}
