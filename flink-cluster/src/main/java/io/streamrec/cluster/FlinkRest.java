package io.streamrec.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.stack.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Flink's REST API as an operator uses it: upload a job jar, run it (optionally from a savepoint and
 * at a given parallelism), watch it, take savepoints, stop it with one, cancel it. Every call fails
 * with the cluster's own error text.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public FlinkRest(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String base() {
        return base;
    }

    /** What {@code POST /jars/:id/run} takes; null fields are left to the cluster. */
    public record RunRequest(String entryClass, List<String> programArgs, Integer parallelism, String savepointPath,
                             Boolean allowNonRestoredState) {
        public static RunRequest of(String entryClass, List<String> programArgs) {
            return new RunRequest(entryClass, programArgs, null, null, null);
        }

        public RunRequest withParallelism(Integer p) {
            return new RunRequest(entryClass, programArgs, p, savepointPath, allowNonRestoredState);
        }

        public RunRequest fromSavepoint(String path) {
            return new RunRequest(entryClass, programArgs, parallelism, path, allowNonRestoredState);
        }
    }

    /** A running or finished savepoint operation's outcome. */
    public record Savepoint(String location) {}

    /** Error from the cluster: the HTTP status and Flink's {@code errors} list. */
    public static final class FlinkRestException extends RuntimeException {
        private final int status;

        FlinkRestException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    // --- cluster -----------------------------------------------------------------------------

    public JsonNode overview() {
        return get("/overview");
    }

    public boolean isUp() {
        try {
            overview();
            return true;
        } catch (UncheckedIOException | FlinkRestException e) {
            return false;
        }
    }

    public JsonNode taskManagers() {
        return get("/taskmanagers").path("taskmanagers");
    }

    // --- jars --------------------------------------------------------------------------------

    /** Uploads a job jar; returns the id the cluster gave it. */
    public String uploadJar(Path jar) {
        String boundary = "streamrec-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                    + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar + ": " + e.getMessage(), e);
        }
        JsonNode r = send(HttpRequest.newBuilder(uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), Duration.ofMinutes(2));
        String file = r.path("filename").asText();
        return Path.of(file).getFileName().toString();
    }

    /** Runs an uploaded jar; the program's {@code main()} runs on the JobManager. Returns the job id. */
    public String runJar(String jarId, RunRequest request) {
        ObjectNode body = JSON.createObjectNode();
        if (request.entryClass() != null) {
            body.put("entryClass", request.entryClass());
        }
        body.set("programArgsList", JSON.valueToTree(request.programArgs()));
        if (request.parallelism() != null) {
            body.put("parallelism", request.parallelism());
        }
        if (request.savepointPath() != null) {
            body.put("savepointPath", request.savepointPath());
        }
        if (request.allowNonRestoredState() != null) {
            body.put("allowNonRestoredState", request.allowNonRestoredState());
        }
        return post("/jars/" + jarId + "/run", body, Duration.ofMinutes(2)).path("jobid").asText();
    }

    // --- jobs --------------------------------------------------------------------------------

    public JsonNode jobs() {
        return get("/jobs/overview").path("jobs");
    }

    /** Ids of the jobs named {@code name} in state {@code state} (e.g. RUNNING). */
    public List<String> jobIds(String name, String state) {
        List<String> ids = new ArrayList<>();
        for (JsonNode j : jobs()) {
            if (j.path("name").asText().equals(name) && j.path("state").asText().equals(state)) {
                ids.add(j.path("jid").asText());
            }
        }
        return ids;
    }

    public JsonNode job(String jobId) {
        return get("/jobs/" + jobId);
    }

    public String jobState(String jobId) {
        return job(jobId).path("state").asText();
    }

    public JsonNode checkpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /** Completed checkpoints of the job (restored ones not counted). */
    public long completedCheckpoints(String jobId) {
        return checkpoints(jobId).path("counts").path("completed").asLong();
    }

    /** Parallelism of each of the job's vertices, by vertex name. */
    public java.util.Map<String, Integer> vertexParallelism(String jobId) {
        java.util.Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (JsonNode v : job(jobId).path("vertices")) {
            m.put(v.path("name").asText(), v.path("parallelism").asInt());
        }
        return m;
    }

    /** Waits until every task of the job runs (not just the job: its tasks may still be deploying). */
    public void awaitRunning(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            JsonNode j = job(jobId);
            String state = j.path("state").asText();
            if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                throw new IllegalStateException("job " + jobId + " is " + state + ": " + exceptions(jobId));
            }
            boolean allRunning = state.equals("RUNNING") && j.path("vertices").size() > 0;
            for (JsonNode v : j.path("vertices")) {
                allRunning &= v.path("status").asText().equals("RUNNING");
            }
            if (allRunning) {
                return;
            }
            last = state;
            Ports.sleep(250);
        }
        throw new IllegalStateException("job " + jobId + " did not run within " + timeout.toSeconds() + " s (" + last
                + "): " + exceptions(jobId));
    }

    /** The root exception of the job's latest failure, if any. */
    public String exceptions(String jobId) {
        try {
            JsonNode e = get("/jobs/" + jobId + "/exceptions");
            JsonNode history = e.path("exceptionHistory").path("entries");
            if (history.size() > 0) {
                String trace = history.get(0).path("stacktrace").asText();
                return trace.lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("");
            }
            return "no exception recorded";
        } catch (RuntimeException ex) {
            return "exceptions unavailable: " + ex.getMessage();
        }
    }

    /** Cancels the job and waits until it is gone. */
    public void cancel(String jobId) {
        send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()), Duration.ofSeconds(30));
        awaitTerminal(jobId, Duration.ofSeconds(60));
    }

    /** Stops the job with a savepoint into {@code targetDir} (null: the cluster's savepoint dir). */
    public Savepoint stopWithSavepoint(String jobId, String targetDir, Duration timeout) {
        ObjectNode body = JSON.createObjectNode();
        if (targetDir != null) {
            body.put("targetDirectory", targetDir);
        }
        body.put("drain", false);
        String trigger = post("/jobs/" + jobId + "/stop", body, Duration.ofSeconds(30)).path("request-id").asText();
        Savepoint s = awaitSavepoint(jobId, trigger, timeout);
        awaitTerminal(jobId, timeout);
        return s;
    }

    /** Takes a savepoint of the running job into {@code targetDir} (null: the cluster's savepoint dir). */
    public Savepoint savepoint(String jobId, String targetDir, Duration timeout) {
        ObjectNode body = JSON.createObjectNode();
        if (targetDir != null) {
            body.put("target-directory", targetDir);
        }
        body.put("cancel-job", false);
        String trigger = post("/jobs/" + jobId + "/savepoints", body, Duration.ofSeconds(30)).path("request-id").asText();
        return awaitSavepoint(jobId, trigger, timeout);
    }

    private Savepoint awaitSavepoint(String jobId, String trigger, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (r.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode op = r.path("operation");
                if (op.has("failure-cause")) {
                    throw new IllegalStateException("savepoint of " + jobId + " failed: "
                            + op.path("failure-cause").path("stack-trace").asText().lines().findFirst().orElse(""));
                }
                return new Savepoint(op.path("location").asText());
            }
            Ports.sleep(200);
        }
        throw new IllegalStateException("savepoint of " + jobId + " not done within " + timeout.toSeconds() + " s");
    }

    private void awaitTerminal(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String s = jobState(jobId);
            if (s.equals("CANCELED") || s.equals("FINISHED") || s.equals("FAILED")) {
                return;
            }
            Ports.sleep(200);
        }
        throw new IllegalStateException("job " + jobId + " did not end within " + timeout.toSeconds() + " s");
    }

    // --- plumbing ----------------------------------------------------------------------------

    private URI uri(String path) {
        return URI.create(base + path);
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), Duration.ofSeconds(10));
    }

    private JsonNode post(String path, JsonNode body, Duration timeout) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), timeout);
    }

    private JsonNode send(HttpRequest.Builder request, Duration timeout) {
        try {
            HttpResponse<String> r = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (r.statusCode() >= 300) {
                List<String> errors = new ArrayList<>();
                body.path("errors").forEach(e -> errors.add(e.asText()));
                throw new FlinkRestException(r.statusCode(), r.request().method() + " " + r.uri().getPath() + ": HTTP "
                        + r.statusCode() + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)));
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("Flink REST " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
