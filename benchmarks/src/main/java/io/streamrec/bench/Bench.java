package io.streamrec.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code ./recsys bench NAME [options] [--json FILE]}. */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("streamrec.home", ".")).toAbsolutePath().normalize();
        if (args.length == 0) {
            System.err.println("usage: ./recsys bench quality|learn|serving|experiment|als|soak|import [options] [--json FILE]");
            System.exit(2);
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("bench: options are --name value pairs, got " + args[i]);
                System.exit(2);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        Report r = switch (args[0]) {
            case "quality" -> QualityBench.run(home, opts);
            case "learn" -> LearnBench.run(home, opts);
            case "serving" -> ServingBench.run(home, opts);
            case "experiment" -> ExperimentBench.run(home, opts);
            case "als" -> AlsBench.run(home, opts);
            case "soak" -> SoakBench.run(home, opts);
            case "import" -> ImportBench.run(home, opts);
            default -> {
                System.err.println("unknown benchmark: " + args[0] + " (quality, learn, serving, experiment, als, soak, import)");
                System.exit(2);
                yield null;
            }
        };
        System.out.println();
        System.out.println("bench " + r.bench + " on " + r.dataset + " (" + r.events + " events), config " + r.config);
        System.out.print(r.table());
        if (opts.containsKey("json")) {
            r.write(Path.of(opts.get("json")));
            System.out.println("wrote " + opts.get("json"));
        }
        if (Boolean.FALSE.equals(r.config.get("clean"))) {
            System.out.println("NOT CLEAN: see the state and answers rows above");
            System.exit(1);
        }
    }
}
