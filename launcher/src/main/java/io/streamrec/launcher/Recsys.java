package io.streamrec.launcher;

import io.streamrec.client.model.RecommendationResponse;
import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.data.CsvImport;
import io.streamrec.core.data.EventFiles;
import io.streamrec.core.data.OttoSessions;
import io.streamrec.core.event.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code ./recsys} command.
 * <pre>
 * recsys demo [--smoke] [--cluster] [--dataset NAME | --events FILE.jsonl] [--speed X] [--max-events N] [--no-shift]
 * recsys convert --dataset NAME --out FILE.jsonl
 * recsys data import --csv FILE --map user=COL,item=COL,ts=COL[:unit][,type=COL] … --out FILE.jsonl
 * recsys cluster start|submit|savepoint|status|stop …   (see {@link ClusterCommand})
 * recsys warm-start --events FILE.jsonl --savepoint DIR [--until TS] …   (see {@link JobJarCommand})
 * recsys migrate-savepoint --from SAVEPOINT --to DIR …                     (see {@link JobJarCommand})
 * </pre>
 */
public final class Recsys {
    private Recsys() {}

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("streamrec.home", ".")).toAbsolutePath().normalize();
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        try {
            if (args[0].equals("cluster")) {
                System.exit(new ClusterCommand(home, System.getenv(), System.out).run(args));
            }
            if (JobJarCommand.MAINS.containsKey(args[0])) {
                System.exit(JobJarCommand.run(home, args));
            }
            if (args[0].equals("data")) {
                if (args.length < 2 || !args[1].equals("import")) {
                    throw new IllegalArgumentException("data: the subcommand is import (./recsys help)");
                }
                String[] rest = new String[args.length - 1];
                System.arraycopy(args, 1, rest, 0, rest.length);
                System.exit(importCsv(options(rest)));
            }
            Map<String, String> opts = options(args);
            switch (args[0]) {
                case "demo":
                    System.exit(demo(home, opts, System.getenv()));
                    break;
                case "convert":
                    convert(home, opts);
                    break;
                default:
                    System.err.println("unknown command: " + args[0]);
                    usage();
                    System.exit(2);
            }
        } catch (IllegalArgumentException | StreamrecConfig.ConfigException e) {
            System.err.println("recsys: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("recsys: " + e.getMessage());
            System.exit(1);
        }
    }

    static void usage() {
        System.err.println(String.join("\n",
                "usage: ./recsys COMMAND [options]",
                "  demo [--smoke] [--cluster] [--dataset NAME | --events FILE.jsonl] [--speed X] [--max-events N] [--no-shift]",
                "        start Redis, Kafka, the Flink job (dashboard :8081) and the API (:7070), replay data",
                "        --smoke: query a few replayed customers, check their lists are non-empty, stop, exit 0",
                "        --cluster: use the cluster of './recsys cluster start' (submits the job if none runs)",
                "        --speed X: X seconds of event time per second (default: as fast as the API takes them)",
                "        datasets: " + String.join(", ", Datasets.NAMED.keySet()) + " (default online-retail-head)",
                "  convert --dataset NAME --out FILE.jsonl   write a shipped data set as JSONL events",
                "  data import --csv FILE[.gz] --map user=COL,item=COL,ts=COL[:ms|s|us|ns|iso|date]"
                        + "[+COL[:unit]…][,type=COL][,value=COL][,category=COL]",
                "        [--types RAW=TYPE,…] [--type TYPE] [--delimiter ,|;|tab|'|'] [--zone UTC] --out FILE.jsonl",
                "        a shop's CSV export as JSONL events (for bench quality --dataset FILE.jsonl, demo --events);",
                "        --types maps the type column's values (e.g. view=view,addtocart=add_to_cart,transaction=purchase),",
                "        --type gives every row one type when there is no type column; skipped rows are counted by",
                "        reason (docs/benchmarks.md \"Your own data\")",
                "  data import --otto FILE.jsonl[.gz] [--max-sessions N] --out FILE.jsonl",
                "        the OTTO session data set (data/otto/README.md) as JSONL events, the first N sessions",
                "  cluster start|submit|savepoint|status|stop   a local Flink session cluster (docs/operations.md):"));
        ClusterCommand.usage(System.err);
        JobJarCommand.usage(System.err);
        System.err.println(String.join("\n",
                "  bench quality|learn|serving|experiment|als|soak [options] [--json FILE]   the benchmarks:",
                "        quality --dataset NAME [--parallelism N] [--scenarios a,b]",
                "        quality --scenarios warm+streamrec [--warm-until DATE] [--warm-replay true]",
                "        learn [--events N] [--users U] [--items I]",
                "        als [--dataset NAME] [--synthetic N] [--dim 64] [--engines java,nd4j]",
                "        serving [--items N] [--dim 64] [--duration 30s] [--large-items 1000000] [--candidates 200]",
                "                [--quantize-min-items N] [--feed-writes on|off] [--api-heap 2g]",
                "        soak [--minutes 30] [--events-per-s 100] [--users 2000] [--items 5000] [--parallelism 2]",
                "        experiment [--dataset NAME] [--k 10] [--every 4] [--repetitions 100]"));
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String name = a.substring(2);
            if (name.equals("smoke") || name.equals("no-shift") || name.equals("cluster")) {
                m.put(name, "true");
            } else if (i + 1 < args.length) {
                m.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(a + " needs a value");
            }
        }
        return m;
    }

    static void convert(Path home, Map<String, String> opts) {
        String dataset = require(opts, "dataset");
        Path out = Path.of(require(opts, "out"));
        List<Event> events = Datasets.load(home, dataset);
        EventFiles.write(out, events);
        System.err.println("wrote " + events.size() + " events to " + out);
    }

    /** {@code data import}: 0 when at least one event was written, 1 when none was. */
    static int importCsv(Map<String, String> opts) {
        Path out = Path.of(require(opts, "out"));
        Path in;
        CsvImport.Stats s;
        if (opts.containsKey("otto")) { // the OTTO session data set's JSONL (data/otto/README.md)
            in = Path.of(opts.get("otto"));
            long max = Long.parseLong(opts.getOrDefault("max-sessions", "0"));
            s = CsvImport.convert(in, out, (r, sink) -> OttoSessions.read(r, max, sink));
        } else {
            in = Path.of(require(opts, "csv"));
            CsvImport.Mapping mapping = CsvImport.Mapping.parse(require(opts, "map"), opts.get("types"),
                    opts.get("type"), opts.get("delimiter"), opts.get("zone"));
            s = CsvImport.importFile(in, mapping, out);
        }
        System.err.printf("%s: %,d rows -> %,d events in %s; skipped %,d%n", in, s.rows(), s.events(), out,
                s.skippedTotal());
        s.describe().forEach(line -> System.err.println("  skipped, " + line));
        return s.events() > 0 ? 0 : 1;
    }

    static int demo(Path home, Map<String, String> opts, Map<String, String> environment) {
        boolean smoke = opts.containsKey("smoke");
        String source = opts.containsKey("events") ? opts.get("events") : opts.getOrDefault("dataset", "online-retail-head");
        double speed = parseSpeed(opts.getOrDefault("speed", "max"));
        List<Event> events = Datasets.load(home, source);
        if (opts.containsKey("max-events")) {
            int max = Integer.parseInt(opts.get("max-events"));
            events = new ArrayList<>(events.subList(0, Math.min(max, events.size())));
        }
        if (!opts.containsKey("no-shift")) {
            events = Replayer.shiftToNow(events, System.currentTimeMillis());
        }
        Map<String, String> env = new HashMap<>(environment);
        int apiPort = Integer.parseInt(env.getOrDefault("STREAMREC_API_PORT", "7070"));
        int webPort = Integer.parseInt(env.getOrDefault("STREAMREC_FLINK_WEB_PORT", "8081"));
        int parallelism = Integer.parseInt(env.getOrDefault("STREAMREC_FLINK_PARALLELISM", "2"));
        Path var = Path.of(env.getOrDefault("STREAMREC_VAR_DIR", home.resolve("var").toString()));
        boolean onCluster = opts.containsKey("cluster");
        String dashboard = null;
        if (onCluster) {
            // the cluster of ./recsys cluster start: its Redis and Kafka, its job (submitted if none runs)
            ClusterCommand cluster = new ClusterCommand(home, environment, System.out);
            java.util.Properties state = cluster.requireState();
            env.putIfAbsent("STREAMREC_REDIS_URL", state.getProperty("redis.url"));
            env.putIfAbsent("STREAMREC_KAFKA_BOOTSTRAP", state.getProperty("kafka.bootstrap"));
            dashboard = state.getProperty("rest.url");
            List<String> running = new io.streamrec.cluster.FlinkRest(dashboard).jobIds(ClusterCommand.JOB_NAME, "RUNNING");
            if (running.isEmpty()) {
                System.out.println("streamrec demo: no " + ClusterCommand.JOB_NAME + " job on the cluster, submitting one");
                running = List.of(cluster.submit(parallelism, null, Map.of()));
            }
            System.out.println("streamrec demo: the job runs on the cluster " + dashboard + " (job " + running.get(0) + ")");
            webPort = 0;
            env.putIfAbsent("STREAMREC_CONSOLE_FLINK_REST_URL", dashboard); // the console plots the cluster job's metrics
        }

        // the storefront at /demo shows a session's clicks moving the list: give the session a larger share
        // than the default, which is tuned on purchase histories without sessions (README "Dynamic interests")
        env.putIfAbsent("STREAMREC_RANK_SHORT_SHARE", "0.5");
        System.out.println("streamrec demo: starting the " + (onCluster ? "API" : "local stack") + " (logs in "
                + var.resolve("logs") + ")");
        long t0 = System.nanoTime();
        LocalStack.Options options = new LocalStack.Options(home, var, apiPort, webPort, parallelism, !smoke, env);
        try (LocalStack stack = onCluster ? LocalStack.startInfrastructure(options, System.out)
                : LocalStack.start(options, System.out)) {
            if (onCluster) {
                stack.startApiOnly();
            } else {
                dashboard = stack.flinkDashboard();
            }
            System.out.printf("stack up in %.1f s; replaying %,d events of %s through POST /v1/events%n",
                    (System.nanoTime() - t0) / 1e9, events.size(), source);
            Replayer replayer = new Replayer(stack.apiBase(), stack.writeKey(), 500, System.out);
            System.out.printf("catalogue: %,d items with their titles, prices and categories sent to POST /v1/items%n",
                    replayer.putCatalogue(events, Datasets.products(home, source), stack.adminKey()));
            Replayer.Result r = replayer.replay(events, speed);
            System.out.printf("replayed %,d events in %.1f s (%,.0f events/s): %,d accepted, %,d rejected%n",
                    r.sent(), r.seconds(), r.sent() / Math.max(1e-3, r.seconds()), r.accepted(), r.rejected());

            List<String> users = SmokeCheck.mostActiveUsers(events, 5);
            Map<String, RecommendationResponse> recs = SmokeCheck.await(stack, users, 5, Duration.ofSeconds(90), System.out);
            System.out.println("recommendations of the most active replayed customers:");
            recs.forEach((u, body) -> {
                List<String> items = new ArrayList<>();
                body.getItems().forEach(i -> items.add(i.getItemId() + String.format(" (%.2f)", i.getScore())));
                System.out.println("  user " + u + ": " + String.join(", ", items));
            });
            if (smoke) {
                System.out.println("smoke test passed; stopping the stack");
                return 0;
            }
            String u = users.get(0);
            System.out.println();
            System.out.println("streamrec is running. Flink dashboard: " + dashboard
                    + "   API: " + stack.apiBase() + "   Swagger UI: " + stack.apiBase() + "/swagger");
            System.out.println("Storefront (the browser SDK with a publishable key): " + stack.apiBase() + "/demo/");
            System.out.println("Operator console (enter a secret key, e.g. " + stack.writeKey() + "; it only reads): "
                    + stack.apiBase() + "/console/");
            String token = stack.demoToken(u);
            System.out.println("try (the user token is what a shop's backend signs for its signed-in user " + u + "):");
            System.out.println("  curl -s '" + stack.apiBase() + "/v1/users/" + u + "/recommendations?k=10&explain=true' \\");
            System.out.println("       -H 'Authorization: Bearer " + token + "'");
            System.out.println("  curl -s '" + stack.apiBase() + "/v1/items/85123A/similar?k=5'");
            System.out.println("  curl -s -X POST " + stack.apiBase() + "/v1/events -H 'X-API-Key: " + stack.writeKey()
                    + "' -H 'Content-Type: application/json' \\");
            System.out.println("       -d '{\"userId\":\"" + u + "\",\"itemId\":\"85123A\",\"type\":\"view\",\"ts\":"
                    + System.currentTimeMillis() + "}'");
            System.out.println("  curl -s " + stack.apiBase() + "/health/ready");
            System.out.println("  curl -s " + stack.apiBase() + "/openapi");
            System.out.println("  curl -s " + stack.apiBase() + "/metrics | grep streamrec_");
            System.out.println("Ctrl-C stops everything.");
            CountDownLatch forever = new CountDownLatch(1);
            Thread watcher = new Thread(() -> {
                while (true) {
                    String dead = stack.deadProcess();
                    if (dead != null) {
                        System.err.println("stopping: " + dead);
                        forever.countDown();
                        return;
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "stack-watcher");
            watcher.setDaemon(true);
            watcher.start();
            forever.await();
            return 1;
        } catch (Exception e) {
            System.err.println();
            System.err.println("demo failed: " + e.getMessage());
            return 1;
        }
    }

    static double parseSpeed(String s) {
        if (s.equals("max")) {
            return 0;
        }
        double d = Double.parseDouble(s);
        if (!(d > 0)) {
            throw new IllegalArgumentException("--speed must be positive or 'max'");
        }
        return d;
    }

    static String require(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
