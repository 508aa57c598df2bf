package io.streamrec.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.cluster.FlinkLib;
import io.streamrec.cluster.FlinkRest;
import io.streamrec.cluster.FlinkSessionCluster;
import io.streamrec.core.config.ConfigKey;
import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.stack.ChildProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code ./recsys cluster start|submit|savepoint|status|stop}: a standalone Flink session cluster on
 * this machine (a JobManager and TaskManagers, each its own JVM, from the lib folder the build
 * assembled), with Redis and Kafka beside it, all running in the background until {@code stop}. The job
 * jar is submitted over Flink's REST API the way an operator submits it to any session cluster.
 * What runs is kept in {@code var/cluster/cluster.properties}.
 */
final class ClusterCommand {
    static final String JOB_NAME = "streamrec-learner";
    static final String ENTRY_CLASS = "io.streamrec.flink.StreamrecJob";

    private final Path home;
    private final Path dir;
    private final Map<String, String> env;
    private final PrintStream out;

    ClusterCommand(Path home, Map<String, String> env, PrintStream out) {
        this.home = home;
        this.env = env;
        this.out = out;
        this.dir = Path.of(env.getOrDefault("STREAMREC_VAR_DIR", home.resolve("var").toString())).resolve("cluster");
    }

    static void usage(PrintStream err) {
        err.println(String.join("\n",
                "  cluster start [--task-managers 2] [--slots 2]",
                "        a Flink session cluster (JobManager, dashboard :8081, TaskManagers in their own JVMs) with",
                "        Redis and Kafka, in the background until 'cluster stop'; data and logs in var/cluster/",
                "  cluster submit [--parallelism 2] [--from-savepoint PATH] [--set key=value]…",
                "        upload the job jar and run it (REST /jars/upload, /jars/:id/run); --set overrides a config key",
                "  cluster savepoint [--stop]   a savepoint of the running job (--stop: stop it with the savepoint)",
                "  cluster status               the cluster, its jobs and their last checkpoint",
                "  cluster stop                 stop the TaskManagers, the JobManager, Kafka and Redis"));
    }

    int run(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("cluster needs a command: start, submit, savepoint, status or stop");
        }
        List<String> rest = Arrays.asList(args).subList(2, args.length);
        switch (args[1]) {
            case "start":
                return start(options(rest, List.of("task-managers", "slots"), List.of()));
            case "submit": {
                Map<String, String> o = options(rest, List.of("parallelism", "from-savepoint"), List.of());
                String savepoint = o.get("from-savepoint");
                Integer parallelism = o.containsKey("parallelism") ? positive(o.get("parallelism"), "--parallelism") : 2;
                String jobId = submit(parallelism, savepoint, sets(rest));
                out.println("job " + jobId + " RUNNING at parallelism " + parallelism + "; dashboard "
                        + state().getProperty("rest.url") + "/#/job/running/" + jobId + "/overview");
                return 0;
            }
            case "savepoint":
                return savepoint(options(rest, List.of(), List.of("stop")).containsKey("stop"));
            case "status":
                return status();
            case "stop":
                return stop();
            default:
                throw new IllegalArgumentException("unknown cluster command: " + args[1]);
        }
    }

    // --- start / stop ------------------------------------------------------------------------

    int start(Map<String, String> o) {
        if (Files.isRegularFile(stateFile()) && anyAlive(state())) {
            throw new IllegalStateException("a cluster is already running (" + state().getProperty("rest.url")
                    + "); './recsys cluster stop' first");
        }
        int taskManagers = positive(o.getOrDefault("task-managers", "2"), "--task-managers");
        int slots = positive(o.getOrDefault("slots", "2"), "--slots");
        StreamrecConfig config = StreamrecConfig.load(Workspace.configFile(home, env), env, Map.of());
        Properties state = new Properties();
        List<Long> pids = new ArrayList<>();
        try {
            LocalInfrastructure infra = LocalInfrastructure.start(config, env, dir, true, true, out);
            state.setProperty("redis.url", infra.redisUrl());
            state.setProperty("kafka.bootstrap", infra.kafkaBootstrap());
            if (infra.redis() != null) {
                pids.add(infra.redis().pid());
                state.setProperty("redis.pid", Long.toString(infra.redis().pid()));
            }
            if (infra.kafka() != null) {
                pids.add(infra.kafka().pid());
                state.setProperty("kafka.pid", Long.toString(infra.kafka().pid()));
            }
            int restPort = Integer.parseInt(env.getOrDefault("STREAMREC_FLINK_WEB_PORT", "8081"));
            FlinkSessionCluster cluster = FlinkSessionCluster.start(new FlinkSessionCluster.Options(dir.resolve("flink"),
                    restPort, taskManagers, slots, Map.of(), true));
            pids.addAll(0, cluster.pids());
            state.setProperty("rest.url", cluster.restUrl());
            state.setProperty("flink.pids", join(cluster.pids()));
            List<String> metrics = new ArrayList<>(List.of(cluster.jobManagerMetricsUrl()));
            cluster.taskManagers().forEach(t -> metrics.add(t.metricsUrl()));
            state.setProperty("metrics.urls", String.join(",", metrics));
            writeState(state);
        } catch (RuntimeException e) {
            pids.forEach(ChildProcess::stop);
            throw e;
        }
        out.println("Flink " + FlinkLib.flinkVersion() + " session cluster: JobManager and " + taskManagers
                + " TaskManagers × " + slots + " slots (logs in " + dir.resolve("flink/log") + ")");
        out.println("  dashboard " + state.getProperty("rest.url"));
        out.println("  metrics   " + state.getProperty("metrics.urls").replace(",", " "));
        out.println("next: ./recsys cluster submit");
        return 0;
    }

    int stop() {
        if (!Files.isRegularFile(stateFile())) {
            out.println("no cluster is running (" + stateFile() + " does not exist)");
            return 0;
        }
        Properties s = state();
        int stopped = 0;
        for (long pid : allPids(s)) {
            stopped += ChildProcess.stop(pid) ? 1 : 0;
        }
        try {
            Files.delete(stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println("stopped " + stopped + " processes of the cluster (data kept in " + dir + ")");
        return 0;
    }

    // --- jobs --------------------------------------------------------------------------------

    /**
     * Validates the job's configuration here (fails naming the key before anything is uploaded),
     * uploads the job jar and runs it on the cluster with that configuration as program arguments.
     */
    String submit(Integer parallelism, String savepoint, Map<String, String> sets) {
        Properties s = requireState();
        List<String> args = programArguments(s, sets);
        FlinkRest rest = new FlinkRest(s.getProperty("rest.url"));
        List<String> running = rest.jobIds(JOB_NAME, "RUNNING");
        if (!running.isEmpty()) {
            throw new IllegalStateException("job " + running.get(0) + " (" + JOB_NAME + ") already runs on the cluster; "
                    + "'./recsys cluster savepoint --stop' first, then submit --from-savepoint");
        }
        Path jar = FlinkLib.jobJar(home);
        out.println("uploading " + jar.getFileName() + " to " + rest.base());
        String jarId = rest.uploadJar(jar);
        FlinkRest.RunRequest request = FlinkRest.RunRequest.of(ENTRY_CLASS, args).withParallelism(parallelism);
        if (savepoint != null) {
            request = request.fromSavepoint(savepoint);
        }
        String jobId = rest.runJar(jarId, request);
        rest.awaitRunning(jobId, Duration.ofMinutes(2));
        return jobId;
    }

    /**
     * The job's program arguments: every configuration key not at its default (from the config file,
     * {@code STREAMREC_*} or {@code --set}), with Redis and Kafka those of this cluster unless set.
     * Throws {@link StreamrecConfig.ConfigException} naming each bad key.
     */
    List<String> programArguments(Properties s, Map<String, String> sets) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (!env.containsKey(StreamrecConfig.REDIS_URL.envName())) {
            overrides.put(StreamrecConfig.REDIS_URL.name(), s.getProperty("redis.url"));
        }
        if (!env.containsKey(StreamrecConfig.KAFKA_BOOTSTRAP.envName())) {
            overrides.put(StreamrecConfig.KAFKA_BOOTSTRAP.name(), s.getProperty("kafka.bootstrap"));
        }
        overrides.putAll(sets);
        StreamrecConfig config = StreamrecConfig.load(Workspace.configFile(home, env), env, overrides);
        List<String> args = new ArrayList<>();
        for (ConfigKey k : StreamrecConfig.keys()) {
            if (!config.sourceOf(k).equals("default") && !k.name().startsWith("api.")) {
                args.add("--" + k.name() + "=" + config.getString(k));
            }
        }
        return args;
    }

    int savepoint(boolean stop) {
        Properties s = requireState();
        FlinkRest rest = new FlinkRest(s.getProperty("rest.url"));
        List<String> running = rest.jobIds(JOB_NAME, "RUNNING");
        if (running.isEmpty()) {
            throw new IllegalStateException("no " + JOB_NAME + " job runs on the cluster");
        }
        String jobId = running.get(0);
        FlinkRest.Savepoint sp = stop ? rest.stopWithSavepoint(jobId, null, Duration.ofMinutes(5))
                : rest.savepoint(jobId, null, Duration.ofMinutes(5));
        out.println((stop ? "stopped job " + jobId + " with savepoint " : "savepoint of job " + jobId + ": ") + sp.location());
        out.println("resume (same or another parallelism): ./recsys cluster submit --from-savepoint " + sp.location()
                + " [--parallelism N]");
        return 0;
    }

    int status() {
        Properties s = requireState();
        FlinkRest rest = new FlinkRest(s.getProperty("rest.url"));
        JsonNode o = rest.overview();
        out.printf("cluster %s (Flink %s): %d TaskManagers, %d/%d slots free%n", rest.base(),
                o.path("flink-version").asText(), o.path("taskmanagers").asInt(), o.path("slots-available").asInt(),
                o.path("slots-total").asInt());
        for (JsonNode j : rest.jobs()) {
            String id = j.path("jid").asText();
            JsonNode latest = rest.checkpoints(id).path("latest").path("completed");
            out.printf("  %s %s %s%s%n", id, j.path("name").asText(), j.path("state").asText(),
                    latest.isMissingNode() || latest.isNull() ? "" : ", last checkpoint " + latest.path("external_path").asText());
        }
        return 0;
    }

    // --- state -------------------------------------------------------------------------------

    Path stateFile() {
        return dir.resolve("cluster.properties");
    }

    /** What {@code cluster start} started; fails when no cluster runs. */
    Properties requireState() {
        if (!Files.isRegularFile(stateFile())) {
            throw new IllegalStateException("no cluster: './recsys cluster start' first");
        }
        Properties s = state();
        if (!new FlinkRest(s.getProperty("rest.url")).isUp()) {
            throw new IllegalStateException("the cluster at " + s.getProperty("rest.url") + " does not answer; "
                    + "'./recsys cluster stop' and start it again");
        }
        return s;
    }

    Properties state() {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(stateFile(), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stateFile() + ": " + e.getMessage(), e);
        }
        return p;
    }

    private void writeState(Properties p) {
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(stateFile(), StandardCharsets.UTF_8)) {
                p.store(w, "streamrec local cluster: what ./recsys cluster start started");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Long> allPids(Properties s) {
        List<Long> pids = new ArrayList<>();
        for (String p : s.getProperty("flink.pids", "").split(",")) {
            if (!p.isBlank()) {
                pids.add(Long.parseLong(p.trim()));
            }
        }
        for (String k : List.of("kafka.pid", "redis.pid")) {
            if (s.containsKey(k)) {
                pids.add(Long.parseLong(s.getProperty(k)));
            }
        }
        return pids;
    }

    private static boolean anyAlive(Properties s) {
        return allPids(s).stream().anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    private static String join(List<Long> pids) {
        return String.join(",", pids.stream().map(String::valueOf).toList());
    }

    // --- arguments ---------------------------------------------------------------------------

    /** {@code --name value} options (and value-less {@code flags}); {@code --set} is read by {@link #sets}. */
    static Map<String, String> options(List<String> args, List<String> named, List<String> flags) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.startsWith("--") ? a.substring(2) : null;
            if (name != null && flags.contains(name)) {
                m.put(name, "true");
            } else if (name != null && (named.contains(name) || name.equals("set")) && i + 1 < args.size()) {
                String v = args.get(++i);
                if (!name.equals("set")) {
                    m.put(name, v);
                }
            } else {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
        }
        return m;
    }

    /** The {@code --set key=value} arguments. */
    static Map<String, String> sets(List<String> args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--set") && i + 1 < args.size()) {
                String kv = args.get(++i);
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set takes key=value, not '" + kv + "'");
                }
                m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return m;
    }

    static int positive(String v, String what) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(what + " must be a positive number, not '" + v + "'");
    }
}
