package io.streamrec.cluster;

import io.streamrec.stack.ChildProcess;
import io.streamrec.stack.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Flink session cluster on this machine, each process a real JVM started the way
 * Flink's scripts start it: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers
 * ({@code TaskManagerRunner}) on the lib folder the build assembled ({@link FlinkLib}), with a
 * {@code config.yaml}, JVM memory flags computed by Flink's own {@code BashJavaUtils}, a log file per
 * process and a Prometheus endpoint per process. Jobs are submitted over REST ({@link #rest()}).
 *
 * <p>An attached cluster (tests) is watched by the JVM that started it and stopped with it; a
 * detached one ({@code ./recsys cluster start}) keeps running and is stopped by its pids.
 */
public final class FlinkSessionCluster implements AutoCloseable {
    static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    /**
     * How to run the cluster. {@code restPort} 0 = a free port; {@code config} is added to (and
     * overrides) the defaults of {@link #defaultConfig}.
     */
    public record Options(Path dir, int restPort, int taskManagers, int slotsPerTaskManager, Map<String, String> config,
                          boolean detached) {
        public Options {
            config = Map.copyOf(config);
        }
    }

    /** A TaskManager process and the port of its Prometheus endpoint. */
    public record TaskManager(String resourceId, ChildProcess process, int prometheusPort) {
        public String metricsUrl() {
            return "http://127.0.0.1:" + prometheusPort + "/metrics";
        }
    }

    private final Options options;
    private final Path conf;
    private final int restPort;
    private final int jobManagerPrometheusPort;
    private final FlinkRest rest;
    private final List<TaskManager> taskManagers = new ArrayList<>();
    private ChildProcess jobManager;
    private int started;

    private FlinkSessionCluster(Options options, int restPort) {
        this.options = options;
        this.conf = options.dir().resolve("conf");
        this.restPort = restPort;
        this.jobManagerPrometheusPort = Ports.free();
        this.rest = new FlinkRest("http://localhost:" + restPort);
    }

    /** Starts the JobManager and the TaskManagers; returns when every TaskManager has registered. */
    public static FlinkSessionCluster start(Options o) {
        int rest = o.restPort() == 0 ? Ports.free() : o.restPort();
        if (Ports.isOpen("127.0.0.1", rest)) {
            throw new IllegalStateException("port " + rest + " for the Flink REST API and dashboard is in use");
        }
        FlinkSessionCluster c = new FlinkSessionCluster(o, rest);
        try {
            c.writeConfig();
            c.startJobManager();
            for (int i = 0; i < o.taskManagers(); i++) {
                c.startTaskManager();
            }
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The settings every streamrec session cluster starts from (a single machine, RocksDB, local checkpoints). */
    static Map<String, String> defaultConfig(Options o, int restPort) {
        Path dir = o.dir().toAbsolutePath();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jobmanager.rpc.address", "localhost");
        m.put("jobmanager.rpc.port", Integer.toString(Ports.free()));
        m.put("jobmanager.bind-host", "localhost");
        m.put("jobmanager.memory.process.size", "1024m");
        m.put("jobmanager.execution.failover-strategy", "region");
        m.put("taskmanager.host", "localhost");
        m.put("taskmanager.bind-host", "localhost");
        m.put("taskmanager.numberOfTaskSlots", Integer.toString(o.slotsPerTaskManager()));
        m.put("taskmanager.memory.process.size", "1728m");
        m.put("taskmanager.memory.managed.fraction", "0.25");
        m.put("taskmanager.memory.network.min", "64mb");
        m.put("taskmanager.memory.network.max", "64mb");
        m.put("taskmanager.load-balance.mode", "SLOTS");
        m.put("rest.address", "localhost");
        m.put("rest.bind-address", "localhost");
        m.put("rest.port", Integer.toString(restPort));
        m.put("parallelism.default", "1");
        m.put("state.backend.type", "rocksdb");
        m.put("execution.checkpointing.incremental", "true");
        m.put("execution.checkpointing.interval", "10 s");
        m.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        m.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        m.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        m.put("execution.checkpointing.num-retained", "3");
        m.put("restart-strategy.type", "exponential-delay");
        m.put("restart-strategy.exponential-delay.initial-backoff", "1 s");
        m.put("restart-strategy.exponential-delay.max-backoff", "30 s");
        m.put("heartbeat.interval", "2000");
        m.put("heartbeat.timeout", "10000");
        m.put("io.tmp.dirs", dir.resolve("tmp").toString());
        m.put("web.upload.dir", dir.resolve("uploads").toString());
        m.put("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        return m;
    }

    private void writeConfig() {
        Map<String, String> m = defaultConfig(options, restPort);
        m.putAll(options.config());
        StringBuilder yaml = new StringBuilder("# written by streamrec's FlinkSessionCluster; Flink's config.yaml format\n");
        m.forEach((k, v) -> yaml.append(k).append(": ").append(yamlValue(v)).append('\n'));
        try {
            Files.createDirectories(conf);
            Files.createDirectories(options.dir().resolve("log"));
            Files.createDirectories(options.dir().resolve("tmp"));
            Files.writeString(conf.resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
            try (InputStream in = FlinkSessionCluster.class.getResourceAsStream("/streamrec/flink-log4j.properties")) {
                Files.write(conf.resolve("log4j.properties"), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cluster configuration under " + conf + ": " + e.getMessage(), e);
        }
    }

    static String yamlValue(String v) {
        return v.matches("[A-Za-z0-9_./:+\\-]+( [A-Za-z]+)?") ? v : "'" + v.replace("'", "''") + "'";
    }

    private void startJobManager() {
        List<String> dynamic = new ArrayList<>(List.of("-D", "metrics.reporter.prom.port=" + jobManagerPrometheusPort));
        jobManager = launch("jobmanager", JOB_MANAGER_MAIN, "GET_JM_RESOURCE_PARAMS", dynamic);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!rest.isUp()) {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException("the JobManager exited with code " + jobManager.exitCode()
                        + "; last log lines:\n" + tail("jobmanager", 40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the JobManager's REST API did not answer within 90 s; last log lines:\n"
                        + tail("jobmanager", 40));
            }
            Ports.sleep(200);
        }
    }

    /** Starts one more TaskManager (e.g. a replacement for a lost one) and waits until it has registered. */
    public TaskManager startTaskManager() {
        String id = "taskmanager-" + (started++);
        int prom = Ports.free();
        List<String> dynamic = new ArrayList<>(List.of("-D", "metrics.reporter.prom.port=" + prom,
                "-D", "taskmanager.resource-id=" + id));
        ChildProcess p = launch(id, TASK_MANAGER_MAIN, "GET_TM_RESOURCE_PARAMS", dynamic);
        TaskManager tm = new TaskManager(id, p, prom);
        taskManagers.add(tm);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!registered(id)) {
            if (!p.isAlive()) {
                throw new IllegalStateException(id + " exited with code " + p.exitCode() + "; last log lines:\n" + tail(id, 40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(id + " did not register within 90 s; last log lines:\n" + tail(id, 40));
            }
            Ports.sleep(200);
        }
        return tm;
    }

    private boolean registered(String resourceId) {
        try {
            for (var t : rest.taskManagers()) {
                if (t.path("id").asText().equals(resourceId)) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            // JobManager busy or restarting: ask again
        }
        return false;
    }

    /** Kills a TaskManager with SIGKILL, as a crashed machine or the kernel's OOM killer would. */
    public void kill(TaskManager tm) {
        tm.process().kill();
        taskManagers.remove(tm);
    }

    private ChildProcess launch(String name, String mainClass, String resourceCommand, List<String> dynamic) {
        List<String> jvm = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of("--configDir", conf.toAbsolutePath().toString()));
        List<List<String>> params = resourceParams(resourceCommand, dynamic);
        jvm.addAll(params.get(0));
        jvm.addAll(FlinkLib.JVM_OPTIONS);
        if (mainClass.endsWith("TaskManagerRunner")) {
            jvm.addAll(FlinkLib.TASK_GC_OPTIONS);
            jvm.addAll(FlinkLib.TASK_MEMORY_OPTIONS);
        }
        jvm.add("-Dlog.file=" + logFile(name).toAbsolutePath());
        jvm.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toAbsolutePath().toUri());
        args.addAll(params.get(1));
        args.addAll(dynamic);
        Path out = options.dir().resolve("log").resolve("flink-" + name + ".out");
        if (options.detached()) {
            return ChildProcess.startDetached(name, ChildProcess.detachedJavaCommand(FlinkLib.clusterClasspath(), jvm,
                    mainClass, args), out, Map.of());
        }
        List<String> watched = new ArrayList<>(List.of(mainClass));
        watched.addAll(args);
        return ChildProcess.start(name, ChildProcess.javaCommand(FlinkLib.clusterClasspath(), jvm,
                WatchedMain.class.getName(), watched), out, Map.of());
    }

    /** The JVM flags and the dynamic properties Flink's scripts would compute, from Flink's own code. */
    private List<List<String>> resourceParams(String command, List<String> dynamic) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", FlinkLib.classpath(),
                "org.apache.flink.runtime.util.bash.BashJavaUtils", command, "--configDir", conf.toAbsolutePath().toString()));
        cmd.addAll(dynamic);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("Flink's BashJavaUtils " + command + " failed:\n" + out);
            }
            List<List<String>> results = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
                    String v = line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).trim();
                    results.add(v.isEmpty() ? List.of() : List.of(v.split("\\s+")));
                }
            }
            if (results.size() < 2) {
                throw new IllegalStateException("unexpected output of Flink's BashJavaUtils " + command + ":\n" + out);
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path logFile(String name) {
        return options.dir().resolve("log").resolve("flink-" + name + ".log");
    }

    /** The last lines of a process's log (its log4j file, else its stdout). */
    public String tail(String name, int lines) {
        for (Path p : List.of(logFile(name), options.dir().resolve("log").resolve("flink-" + name + ".out"))) {
            try {
                if (Files.isRegularFile(p)) {
                    List<String> all = Files.readAllLines(p, StandardCharsets.UTF_8);
                    if (!all.isEmpty()) {
                        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // try the next file
            }
        }
        return "(no log)";
    }

    /** The JobManager's log file. */
    public Path jobManagerLog() {
        return logFile("jobmanager");
    }

    public FlinkRest rest() {
        return rest;
    }

    public String restUrl() {
        return rest.base();
    }

    public int restPort() {
        return restPort;
    }

    public String jobManagerMetricsUrl() {
        return "http://127.0.0.1:" + jobManagerPrometheusPort + "/metrics";
    }

    public List<TaskManager> taskManagers() {
        return List.copyOf(taskManagers);
    }

    public Path dir() {
        return options.dir();
    }

    /** Pids of the processes, TaskManagers first (the order to stop them in), for a detached cluster. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        taskManagers.forEach(t -> pids.add(t.process().pid()));
        if (jobManager != null) {
            pids.add(jobManager.pid());
        }
        return pids;
    }

    /** Stops the TaskManagers, then the JobManager (SIGTERM, then SIGKILL after a grace period). */
    @Override
    public void close() {
        for (TaskManager t : taskManagers) {
            t.process().close();
        }
        taskManagers.clear();
        if (jobManager != null) {
            jobManager.close();
        }
    }
}
