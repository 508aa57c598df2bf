package io.streamrec.bench;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.ImplicitAls;
import io.streamrec.core.warm.AlsEngine;
import io.streamrec.core.warm.AlsSettings;
import io.streamrec.core.warm.History;
import io.streamrec.core.warm.JavaAlsEngine;
import io.streamrec.launcher.Datasets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./recsys bench als [--dataset NAME|FILE.jsonl] [--synthetic N] [--dim 64] [--engines java,nd4j] [--json FILE]}:
 * the time of one implicit-ALS iteration (both half-iterations, 3 CG steps per row, the warm start's
 * setting) per engine, median of 3 after one warm-up iteration, on the interactions of a data set
 * (default the full Online Retail file) and on {@code N} synthetic interactions (default 1,000,000).
 * Also the root-mean-square difference between the engines' factors after the same iterations from
 * the same start (they solve the same equations), and {@code memcopy} (GB/s), the machine reference
 * of the same run.
 */
final class AlsBench {
    private AlsBench() {}

    static Report run(Path home, Map<String, String> opts) {
        String dataset = opts.getOrDefault("dataset", "online-retail-full");
        int synthetic = Integer.parseInt(opts.getOrDefault("synthetic", "1000000"));
        int d = Integer.parseInt(opts.getOrDefault("dim", "64"));
        List<String> engines = List.of(opts.getOrDefault("engines", "java,nd4j").split(","));
        AlsSettings s = AlsSettings.defaults(d);
        List<Event> events = Datasets.load(home, dataset);
        History h = History.of(events, EventWeights.defaults(), s.alpha(), Long.MAX_VALUE);
        Report r = new Report("als", dataset, events.size());
        r.config.put("dim", d);
        r.config.put("lambda", s.lambda());
        r.config.put("cg_steps", s.cgSteps());
        r.config.put("timing", "one iteration (users then items), median of 3 after a warm-up iteration");
        r.config.put("threads", Map.of("java", 1, "nd4j", "ND4J's default (OMP), " + Runtime.getRuntime().availableProcessors() + " cores"));
        ImplicitAls.Csr[] syn = History.synthetic(synthetic / 20, 20_000, synthetic, 7);
        Map<String, ImplicitAls.Csr[]> sizes = new LinkedHashMap<>();
        sizes.put(dataset, new ImplicitAls.Csr[] {h.byUser, h.byItem});
        sizes.put("synthetic-" + synthetic, syn);
        for (Map.Entry<String, ImplicitAls.Csr[]> size : sizes.entrySet()) {
            ImplicitAls.Csr u = size.getValue()[0], i = size.getValue()[1];
            Map<String, float[]> results = new LinkedHashMap<>();
            for (String name : engines) {
                System.err.printf("  %s on %s (%,d users, %,d items, %,d interactions) …%n", name, size.getKey(), u.rows(),
                        i.rows(), u.ptr()[u.rows()]);
                try (AlsEngine e = engine(name.trim(), s)) {
                    float[] x = ImplicitAls.init(u.rows(), d, s.seed(), 0.1f);
                    float[] y = ImplicitAls.init(i.rows(), d, s.seed() + 14, 0.1f);
                    e.iterate(u, i, x, y); // warm-up: JIT, native libraries
                    double[] secs = new double[3];
                    for (int k = 0; k < 3; k++) {
                        long t0 = System.nanoTime();
                        e.iterate(u, i, x, y);
                        secs[k] = (System.nanoTime() - t0) / 1e9;
                    }
                    Arrays.sort(secs);
                    Map<String, Double> m = new LinkedHashMap<>();
                    m.put("users", (double) u.rows());
                    m.put("items", (double) i.rows());
                    m.put("interactions", (double) u.ptr()[u.rows()]);
                    m.put("iteration_s", secs[1]);
                    m.put("min_s", secs[0]);
                    m.put("max_s", secs[2]);
                    results.put(name, y);
                    if (results.size() > 1) {
                        m.put("rms_diff_vs_" + engines.get(0), rms(results.get(engines.get(0)), y));
                    }
                    r.put(name + " " + size.getKey(), m);
                } catch (LinkageError | RuntimeException ex) {
                    System.err.println("  " + name + " failed: " + ex);
                    r.put(name + " " + size.getKey() + " (failed: " + ex.getClass().getSimpleName() + ")", Map.of());
                }
            }
        }
        System.err.println("  memcopy …");
        r.put("memcopy", Map.of("gb_per_s", References.memcopy()));
        return r;
    }

    static AlsEngine engine(String name, AlsSettings s) {
        return switch (name) {
            case JavaAlsEngine.NAME -> new JavaAlsEngine(s.dim(), s.lambda(), s.cgSteps());
            case Nd4jAlsEngine.NAME -> new Nd4jAlsEngine(s.dim(), s.lambda(), s.cgSteps());
            default -> throw new IllegalArgumentException("unknown ALS engine " + name + " (java, nd4j)");
        };
    }

    static double rms(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (a[k] - b[k]) * (double) (a[k] - b[k]);
        }
        return Math.sqrt(s / a.length);
    }
}
