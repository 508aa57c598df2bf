package io.streamrec.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.client.ApiClient;
import io.streamrec.client.ApiException;
import io.streamrec.client.api.OperationsApi;
import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.cluster.FlinkLib;
import io.streamrec.core.event.EventJson;
import io.streamrec.stack.ChildProcess;
import io.streamrec.stack.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole local stack, each part a real process: redis-server (unless {@code STREAMREC_REDIS_URL}
 * is set), a KRaft Kafka broker (unless {@code STREAMREC_KAFKA_BOOTSTRAP} is set), the Flink job in a
 * MiniCluster with its web dashboard (the job jar on the session cluster's lib folder), and the API. The job and the API run in their own JVMs because
 * their dependency sets differ (Flink: slf4j 1.7, old Jackson/Guava; Javalin: slf4j 2).
 * Closing it stops everything it started, in reverse order.
 */
public final class LocalStack implements AutoCloseable {
    /** Where things are and which ports to use. Port 0 = any free port. */
    public record Options(Path home, Path varDir, int apiPort, int flinkWebPort, int parallelism,
                          boolean persistentRedis, Map<String, String> env) {}

    private final List<AutoCloseable> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String redisUrl;
    private String kafkaBootstrap;
    private int apiPort;
    private int flinkWebPort;
    private ChildProcess job;
    private ChildProcess api;
    private volatile boolean closing;
    private String adminKey;
    private String writeKey;

    /** Keys of the local stack when the environment names none (never use them outside this machine). */
    /** The local job's heap unless {@code STREAMREC_FLINK_HEAP} says otherwise. */
    static final String DEFAULT_JOB_HEAP = "1536m";
    public static final String LOCAL_ADMIN_KEY = "local-admin-key-change-me";
    public static final String LOCAL_WRITE_KEY = "local-write-key-change-me";
    public static final String LOCAL_PUBLISHABLE_KEY = "pk-local-demo-change-me";
    /** kid:secret that signs the local demo's user tokens. */
    public static final String LOCAL_TOKEN_KEY = "local:local-token-secret-change-me-0123456789";

    private LocalStack() {}

    public static LocalStack start(Options o, java.io.PrintStream log) {
        LocalStack s = startInfrastructure(o, log);
        s.startApplications();
        return s;
    }

    /**
     * Only Redis and Kafka (and the topics); {@link #startApplications()} adds the job and the API.
     * Lets a benchmark fill the events topic before the job reads it.
     */
    public static LocalStack startInfrastructure(Options o, java.io.PrintStream log) {
        LocalStack s = new LocalStack();
        try {
            s.startInfra(o, log);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private Options options;
    private java.io.PrintStream log;

    /** Starts the Flink job and the API against the infrastructure and waits until both are up. */
    public void startApplications() {
        try {
            startApps(options, log);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startInfra(Options o, java.io.PrintStream log) {
        this.options = o;
        this.log = log;
        StreamrecConfig config = StreamrecConfig.load(configFile(o), o.env(), Map.of());
        LocalInfrastructure infra = LocalInfrastructure.start(config, o.env(), o.varDir(), o.persistentRedis(), false, log);
        if (infra.redis() != null) {
            started.add(infra.redis());
        }
        if (infra.kafka() != null) {
            started.add(infra.kafka());
        }
        redisUrl = infra.redisUrl();
        kafkaBootstrap = infra.kafkaBootstrap();
    }

    private void startApps(Options o, java.io.PrintStream log) {
        Map<String, String> childEnv = appEnvironment(o);
        // the local job's heap (JobManager and TaskManager in one process): STREAMREC_FLINK_HEAP; further JVM
        // options (a profiler, GC logging) in STREAMREC_FLINK_JAVA_OPTS, separated by spaces
        List<String> flinkJvm = new ArrayList<>(List.of("-Xmx" + o.env().getOrDefault("STREAMREC_FLINK_HEAP", DEFAULT_JOB_HEAP)));
        flinkJvm.addAll(FlinkLib.TASK_GC_OPTIONS);
        flinkJvm.addAll(FlinkLib.TASK_MEMORY_OPTIONS);
        flinkJvm.addAll(FlinkLib.JVM_OPTIONS);
        flinkJvm.addAll(extraOptions(o.env(), "STREAMREC_FLINK_JAVA_OPTS"));
        // the job jar on the cluster's lib folder: the same jars a session cluster runs it with
        flinkJvm.add("-Dlog4j.configurationFile=" + FlinkLib.localLog4jConfig().toUri());
        String classpath = FlinkLib.classpath() + java.io.File.pathSeparator + FlinkLib.jobJar(o.home());
        job = ChildProcess.start("flink-job", ChildProcess.javaCommand(classpath,
                flinkJvm, "io.streamrec.flink.StreamrecJob", List.of("--local")),
                o.varDir().resolve("logs/flink-job.log"), childEnv);
        started.add(job);
        startApi(o, log, childEnv);
        awaitJobRunning(Duration.ofSeconds(120));
        log.println("  flink     " + flinkDashboard() + " (job RUNNING, log " + job.log() + ")");
    }

    /** Starts only the API against the infrastructure (no learning job), e.g. to measure serving alone. */
    public void startApiOnly() {
        try {
            startApi(options, log, appEnvironment(options));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Map<String, String> appEnvironment(Options o) {
        if (flinkWebPort == 0) {
            flinkWebPort = o.flinkWebPort() == 0 ? Ports.free() : requireFree(o.flinkWebPort(), "Flink dashboard", "STREAMREC_FLINK_WEB_PORT");
        }
        if (apiPort == 0) {
            apiPort = o.apiPort() == 0 ? Ports.free() : requireFree(o.apiPort(), "API", "STREAMREC_API_PORT");
        }
        Map<String, String> childEnv = new HashMap<>(o.env());
        childEnv.put("STREAMREC_REDIS_URL", redisUrl);
        childEnv.put("STREAMREC_KAFKA_BOOTSTRAP", kafkaBootstrap);
        childEnv.put("STREAMREC_FLINK_WEB_PORT", Integer.toString(flinkWebPort));
        childEnv.put("STREAMREC_API_PORT", Integer.toString(apiPort));
        childEnv.put("STREAMREC_FLINK_PARALLELISM", Integer.toString(o.parallelism()));
        childEnv.putIfAbsent("STREAMREC_FLINK_CHECKPOINT_DIR", o.varDir().resolve("checkpoints").toAbsolutePath().toString());
        childEnv.putIfAbsent("STREAMREC_API_ADMIN_KEYS", LOCAL_ADMIN_KEY);
        childEnv.putIfAbsent("STREAMREC_API_WRITE_KEYS", LOCAL_WRITE_KEY);
        // the storefront at /demo: a publishable key, a token signing key, its own origin (docs/security.md)
        childEnv.putIfAbsent("STREAMREC_API_DEMO", "true");
        childEnv.putIfAbsent("STREAMREC_API_PUBLISHABLE_KEYS", LOCAL_PUBLISHABLE_KEY);
        childEnv.putIfAbsent("STREAMREC_API_TOKEN_KEYS", LOCAL_TOKEN_KEY);
        childEnv.putIfAbsent("STREAMREC_API_ALLOWED_ORIGINS", "http://localhost:" + apiPort + ",http://127.0.0.1:" + apiPort);
        // the console at /console plots the job's own metrics, which the API reads from the MiniCluster's REST API
        childEnv.putIfAbsent("STREAMREC_CONSOLE_FLINK_REST_URL", flinkDashboard());
        adminKey = childEnv.get("STREAMREC_API_ADMIN_KEYS").split(",")[0].trim();
        String writeKeys = childEnv.get("STREAMREC_API_WRITE_KEYS");
        writeKey = writeKeys.isBlank() ? adminKey : writeKeys.split(",")[0].trim();
        Path cfg = configFile(o);
        if (cfg != null) {
            childEnv.put("STREAMREC_CONFIG", cfg.toAbsolutePath().toString());
        }
        return childEnv;
    }

    /**
     * The API's heap: {@code STREAMREC_API_HEAP} (e.g. 2g for a million items), default 512m; further JVM
     * options (a profiler, GC logging) in {@code STREAMREC_API_JAVA_OPTS}, separated by spaces.
     */
    private void startApi(Options o, java.io.PrintStream log, Map<String, String> childEnv) {
        String heap = o.env().getOrDefault("STREAMREC_API_HEAP", "512m");
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=5",
                "--add-modules", "jdk.incubator.vector"));
        jvm.addAll(extraOptions(o.env(), "STREAMREC_API_JAVA_OPTS"));
        api = ChildProcess.start("api", ChildProcess.javaCommand(Workspace.moduleClasspath(o.home(), "serving-api"), jvm,
                "io.streamrec.api.ApiMain", List.of()),
                o.varDir().resolve("logs/api.log"), childEnv);
        started.add(api);
        awaitApiReady(Duration.ofSeconds(90));
        log.println("  api       " + apiBase() + " (log " + api.log() + ")");
    }

    /** JVM options from an environment variable, separated by spaces (none when unset or blank). */
    static List<String> extraOptions(Map<String, String> env, String variable) {
        String extra = env.getOrDefault(variable, "").trim();
        return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    }

    static Path configFile(Options o) {
        return Workspace.configFile(o.home(), o.env());
    }

    private static int requireFree(int port, String what, String env) {
        if (Ports.isOpen("127.0.0.1", port)) {
            throw new IllegalStateException("port " + port + " for the " + what + " is in use; stop what uses it or set "
                    + env + " to another port");
        }
        return port;
    }

    private void awaitApiReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        OperationsApi health = new OperationsApi(ApiClients.of(apiBase(), null, Duration.ofSeconds(5)));
        while (System.nanoTime() < deadline) {
            if (!api.isAlive()) {
                throw new IllegalStateException("the API exited with code " + api.exitCode() + "; last log lines:\n" + api.tail(30));
            }
            try {
                health.healthControllerReady();
                return;
            } catch (ApiException e) {
                last = ApiClients.describe(e);
            }
            sleep(250);
        }
        throw new IllegalStateException("the API was not ready within " + timeout.toSeconds() + " s (" + last
                + "); last log lines:\n" + api.tail(30));
    }

    private void awaitJobRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!job.isAlive()) {
                throw new IllegalStateException("the Flink job exited with code " + job.exitCode() + "; last log lines:\n" + job.tail(40));
            }
            try {
                HttpResponse<String> r = get(flinkDashboard() + "/jobs/overview");
                if (r.statusCode() == 200) {
                    JsonNode jobs = EventJson.MAPPER.readTree(r.body()).path("jobs");
                    for (JsonNode j : jobs) {
                        if ("RUNNING".equals(j.path("state").asText())) {
                            return;
                        }
                        last = j.path("name").asText() + " " + j.path("state").asText();
                    }
                }
            } catch (IOException e) {
                last = e.toString();
            }
            sleep(500);
        }
        throw new IllegalStateException("the Flink job was not RUNNING within " + timeout.toSeconds() + " s (" + last
                + "); last log lines:\n" + job.tail(40));
    }

    /**
     * The API's generated client with the stack's secret write key, as a shop's backend uses it (it may read
     * any user's recommendations).
     */
    public ApiClient apiClient() {
        return ApiClients.of(apiBase(), writeKey, Duration.ofSeconds(5));
    }

    /** GET on the Flink dashboard's REST API. */
    HttpResponse<String> get(String url) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A user token for {@code userId} from the demo API's stand-in for a shop backend (POST /demo/token). */
    public String demoToken(String userId) throws IOException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(apiBase() + "/demo/token"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(EventJson.MAPPER.createObjectNode().put("userId", userId)
                            .toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("POST /demo/token answered " + r.statusCode() + ": " + r.body());
            }
            return EventJson.MAPPER.readTree(r.body()).path("token").asText();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public String apiBase() {
        return "http://127.0.0.1:" + apiPort;
    }

    /** An admin key the API accepts (catalogue, forgetting users). */
    public String adminKey() {
        return adminKey;
    }

    /** A key the API accepts for events. */
    public String writeKey() {
        return writeKey;
    }

    public String flinkDashboard() {
        return "http://127.0.0.1:" + flinkWebPort;
    }

    public String redisUrl() {
        return redisUrl;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** Null while every process this stack started runs (or while it is being stopped), else what died. */
    public String deadProcess() {
        if (closing) {
            return null;
        }
        if (job != null && !job.isAlive()) {
            return "the Flink job exited (" + job.exitCode() + "):\n" + job.tail(20);
        }
        if (api != null && !api.isAlive()) {
            return "the API exited (" + api.exitCode() + "):\n" + api.tail(20);
        }
        return null;
    }

    @Override
    public void close() {
        closing = true;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        started.clear();
    }
}
