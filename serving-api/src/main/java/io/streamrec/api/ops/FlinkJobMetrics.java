package io.streamrec.api.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the learning job's figures from the Flink JobManager's REST API (the same metrics its dashboard
 * and metric reporters show): the running job, its vertices, and per vertex the subtask metrics aggregated
 * by Flink. Metric ids are found by their name, whatever operator chain they ended up in, and remembered
 * per job. Only GET requests; nothing in the job changes.
 */
public final class FlinkJobMetrics implements OpsStats.JobSource {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FlinkJobMetrics.class);
    /** The learning job's name (StreamrecJob.JOB_NAME), preferred among running jobs. */
    static final String JOB_NAME = "streamrec-learner";
    static final String EVENTS_LEARNED = "eventsLearned";
    static final String DROPPED_UPDATES = "droppedUpdates";
    static final String PREQUENTIAL_EVALUATED = "prequentialEvaluated";
    static final String PREQUENTIAL_HITS = "prequentialHits";
    static final String DEAD_LETTERS = "invalidEvents";
    static final String LAST_FLUSH_AGE = "redisLastFlushAgeMs";
    /** The sink whose writes are the model updates a recommendation reads. */
    static final String USER_VECTOR_SINK = "user-vector-sink";
    private static final List<String> SUMMED = List.of(EVENTS_LEARNED, DROPPED_UPDATES, PREQUENTIAL_EVALUATED,
            PREQUENTIAL_HITS, DEAD_LETTERS);

    private final String base;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private String jobId;
    /** Of {@link #jobId}: per vertex, the aggregated metric ids of interest; null until found. */
    private Map<String, List<String>> summedIds;
    private String freshnessVertex;
    private String freshnessId;
    private int freshnessParallelism;
    /** Whether every metric was found; until then each read looks again (Flink lists them as it fetches them). */
    private boolean complete;
    /** Counts the sets of ids found: counters summed over another set are not comparable. */
    private int discoveries;

    public FlinkJobMetrics(String baseUrl, ObjectMapper mapper) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    @Override
    public String describe() {
        return base;
    }

    @Override
    public synchronized OpsStats.JobReading read() throws IOException, InterruptedException {
        String running = null;
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            if ("RUNNING".equals(job.path("state").asText()) && (running == null || JOB_NAME.equals(job.path("name").asText()))) {
                running = job.path("jid").asText(); // on a session cluster running other jobs too: the learner's
            }
        }
        if (running == null) {
            throw new IOException("no running job at " + base);
        }
        if (!running.equals(jobId) || summedIds == null || !complete) {
            discover(running);
        }
        Map<String, Long> totals = new HashMap<>();
        SUMMED.forEach(n -> totals.put(n, 0L));
        for (Map.Entry<String, List<String>> v : summedIds.entrySet()) {
            JsonNode values = get("/jobs/" + jobId + "/vertices/" + v.getKey() + "/subtasks/metrics?agg=sum&get="
                    + URLEncoder.encode(String.join(",", v.getValue()), StandardCharsets.UTF_8));
            for (JsonNode m : values) {
                String name = nameOf(m.path("id").asText());
                totals.merge(name, (long) m.path("sum").asDouble(), Long::sum);
            }
        }
        return new OpsStats.JobReading(jobId + "/" + discoveries, totals.get(EVENTS_LEARNED), totals.get(DROPPED_UPDATES),
                totals.get(PREQUENTIAL_EVALUATED), totals.get(PREQUENTIAL_HITS), totals.get(DEAD_LETTERS),
                newestWriteAge());
    }

    /** Milliseconds since the newest user-vector write of any subtask; null before the first. */
    private Long newestWriteAge() throws IOException, InterruptedException {
        if (freshnessId == null) {
            return null;
        }
        List<String> perSubtask = new ArrayList<>();
        for (int i = 0; i < freshnessParallelism; i++) {
            perSubtask.add(i + "." + freshnessId);
        }
        Long newest = null;
        for (JsonNode m : get("/jobs/" + jobId + "/vertices/" + freshnessVertex + "/metrics?get="
                + URLEncoder.encode(String.join(",", perSubtask), StandardCharsets.UTF_8))) {
            long age = (long) Double.parseDouble(m.path("value").asText("-1"));
            if (age >= 0 && (newest == null || age < newest)) {
                newest = age;
            }
        }
        return newest;
    }

    /** Finds the vertices and metric ids of {@code job}; fails until Flink has fetched the metrics once. */
    private void discover(String job) throws IOException, InterruptedException {
        Map<String, List<String>> before = job.equals(jobId) ? summedIds : null;
        String freshnessBefore = job.equals(jobId) ? freshnessId : null;
        jobId = job;
        summedIds = null;
        freshnessId = null;
        Map<String, List<String>> found = new HashMap<>();
        boolean learner = false;
        for (JsonNode vertex : get("/jobs/" + job).path("vertices")) {
            String vid = vertex.path("id").asText();
            for (JsonNode m : get("/jobs/" + job + "/vertices/" + vid + "/subtasks/metrics")) {
                String id = m.path("id").asText();
                String name = nameOf(id);
                if (SUMMED.contains(name)) {
                    found.computeIfAbsent(vid, k -> new ArrayList<>()).add(id);
                    learner |= name.equals(EVENTS_LEARNED);
                } else if (name.equals(LAST_FLUSH_AGE) && id.contains(USER_VECTOR_SINK)) {
                    freshnessVertex = vid;
                    freshnessId = id;
                    freshnessParallelism = vertex.path("parallelism").asInt(1);
                }
            }
        }
        if (!learner) {
            throw new IOException("job " + job + " shows no " + EVENTS_LEARNED + " metric (yet)");
        }
        summedIds = found;
        complete = freshnessId != null && found.values().stream().flatMap(List::stream).map(FlinkJobMetrics::nameOf)
                .distinct().count() == SUMMED.size();
        if (!found.equals(before) || !java.util.Objects.equals(freshnessId, freshnessBefore)) {
            discoveries++;
            LOG.info("job {} metrics read from {}: {}, freshness from {}{}", job, base, found.values(), freshnessId,
                    complete ? "" : " (looking for the others at every read)");
        }
    }

    /** The metric's own name: what follows the operator's name in an aggregated id. */
    static String nameOf(String id) {
        return id.substring(id.lastIndexOf('.') + 1);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode());
        }
        return mapper.readTree(r.body());
    }
}
