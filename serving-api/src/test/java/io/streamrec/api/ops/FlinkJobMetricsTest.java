package io.streamrec.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.streamrec.api.StreamrecApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading the job's figures from a JobManager's REST API: an HTTP server answering the requests Flink's
 * answers, in the shapes and with the metric ids a MiniCluster running the job gives (operators chained
 * into vertices, aggregated ids {@code <operator>.<metric>}, per-subtask ids {@code <subtask>.<id>}).
 */
class FlinkJobMetricsTest {
    static final String JOB = "7a1e0c3b5d2f4e6a8b9c0d1e2f3a4b5c";
    HttpServer server;
    final Map<String, String> answers = new ConcurrentHashMap<>();
    final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String path = URLDecoder.decode(ex.getRequestURI().toString(), StandardCharsets.UTF_8);
            asked.add(path);
            String body = answers.get(path);
            byte[] bytes = (body == null ? "{\"errors\":[\"Not found\"]}" : body).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    FlinkJobMetrics metrics() {
        return new FlinkJobMetrics("http://127.0.0.1:" + server.getAddress().getPort() + "/", StreamrecApi.jsonMapper());
    }

    void runningJob() {
        // a session cluster: an old run of the job, another job, the learner
        answers.put("/jobs/overview", "{\"jobs\":[{\"jid\":\"0000\",\"name\":\"streamrec-learner\",\"state\":\"CANCELED\"},"
                + "{\"jid\":\"1111\",\"name\":\"someone-elses-job\",\"state\":\"RUNNING\"},"
                + "{\"jid\":\"" + JOB + "\",\"name\":\"streamrec-learner\",\"state\":\"RUNNING\"}]}");
        answers.put("/jobs/" + JOB, "{\"jid\":\"" + JOB + "\",\"vertices\":["
                + "{\"id\":\"v1\",\"name\":\"Source: kafka-events -> parse-events\",\"parallelism\":2},"
                + "{\"id\":\"v2\",\"name\":\"user-learner -> user-vector-sink: Writer\",\"parallelism\":2},"
                + "{\"id\":\"v3\",\"name\":\"item-learner -> item-vector-sink: Writer\",\"parallelism\":2}]}");
        answers.put("/jobs/" + JOB + "/vertices/v1/subtasks/metrics", "[{\"id\":\"numRecordsIn\"},"
                + "{\"id\":\"parse-events.invalidEvents\"},{\"id\":\"parse-events.validEvents\"}]");
        answers.put("/jobs/" + JOB + "/vertices/v2/subtasks/metrics", "[{\"id\":\"user-learner.eventsLearned\"},"
                + "{\"id\":\"user-learner.eventsPerSecond\"},{\"id\":\"user-learner.droppedUpdates\"},"
                + "{\"id\":\"user-learner.prequentialEvaluated\"},{\"id\":\"user-learner.prequentialHits\"},"
                + "{\"id\":\"user-vector-sink__Writer.redisLastFlushAgeMs\"}]");
        answers.put("/jobs/" + JOB + "/vertices/v3/subtasks/metrics", "[{\"id\":\"item-learner.droppedUpdates\"},"
                + "{\"id\":\"item-vector-sink__Writer.redisLastFlushAgeMs\"}]");
        answers.put("/jobs/" + JOB + "/vertices/v1/subtasks/metrics?agg=sum&get=parse-events.invalidEvents",
                "[{\"id\":\"parse-events.invalidEvents\",\"sum\":3.0}]");
        answers.put("/jobs/" + JOB + "/vertices/v2/subtasks/metrics?agg=sum&get=user-learner.eventsLearned,"
                + "user-learner.droppedUpdates,user-learner.prequentialEvaluated,user-learner.prequentialHits",
                "[{\"id\":\"user-learner.eventsLearned\",\"sum\":4000.0},{\"id\":\"user-learner.droppedUpdates\",\"sum\":2.0},"
                        + "{\"id\":\"user-learner.prequentialEvaluated\",\"sum\":1000.0},"
                        + "{\"id\":\"user-learner.prequentialHits\",\"sum\":55.0}]");
        answers.put("/jobs/" + JOB + "/vertices/v3/subtasks/metrics?agg=sum&get=item-learner.droppedUpdates",
                "[{\"id\":\"item-learner.droppedUpdates\",\"sum\":5.0}]");
        answers.put("/jobs/" + JOB + "/vertices/v2/metrics?get=0.user-vector-sink__Writer.redisLastFlushAgeMs,"
                + "1.user-vector-sink__Writer.redisLastFlushAgeMs",
                "[{\"id\":\"0.user-vector-sink__Writer.redisLastFlushAgeMs\",\"value\":\"-1\"},"
                        + "{\"id\":\"1.user-vector-sink__Writer.redisLastFlushAgeMs\",\"value\":\"420\"}]");
    }

    @Test
    void sumsTheCountersOverSubtasksAndOperatorsAndTakesTheNewestModelWrite() throws Exception {
        runningJob();
        FlinkJobMetrics m = metrics();
        OpsStats.JobReading r = m.read();
        assertThat(r).isEqualTo(new OpsStats.JobReading(JOB + "/1", 4000, 7, 1000, 55, 3, 420L));
        // the ids are found once per job
        int discoveries = (int) asked.stream().filter(p -> p.endsWith("/subtasks/metrics")).count();
        assertThat(m.read()).isEqualTo(r);
        assertThat(asked.stream().filter(p -> p.endsWith("/subtasks/metrics")).count()).isEqualTo(discoveries);
    }

    @Test
    void noRunningJobOrNoMetricsYetIsAnError() throws Exception {
        answers.put("/jobs/overview", "{\"jobs\":[{\"jid\":\"0000\",\"name\":\"old\",\"state\":\"FAILED\"}]}");
        assertThatThrownBy(() -> metrics().read()).isInstanceOf(IOException.class).hasMessageContaining("no running job");

        runningJob();
        answers.put("/jobs/" + JOB + "/vertices/v2/subtasks/metrics", "[]"); // Flink has not fetched them yet
        FlinkJobMetrics m = metrics();
        assertThatThrownBy(m::read).isInstanceOf(IOException.class).hasMessageContaining("eventsLearned");
        runningJob();
        assertThat(m.read().eventsLearned()).as("found on a later sample").isEqualTo(4000);

        // Flink lists a vertex's metrics as it fetches them: one missing now is looked for at every read, and
        // the counters summed without it are not compared with those summed with it
        answers.put("/jobs/" + JOB + "/vertices/v1/subtasks/metrics", "[{\"id\":\"numRecordsIn\"}]");
        FlinkJobMetrics partial = metrics();
        OpsStats.JobReading without = partial.read();
        assertThat(without.deadLetters()).isZero();
        assertThat(partial.read().jobId()).isEqualTo(without.jobId());
        runningJob();
        OpsStats.JobReading with = partial.read();
        assertThat(with.deadLetters()).isEqualTo(3);
        assertThat(with.jobId()).isNotEqualTo(without.jobId());
        int discoveries = (int) asked.stream().filter(p -> p.endsWith("/v1/subtasks/metrics")).count();
        partial.read();
        assertThat(asked.stream().filter(p -> p.endsWith("/v1/subtasks/metrics")).count())
                .as("complete: not looked for again").isEqualTo(discoveries);

        answers.remove("/jobs/overview");
        assertThatThrownBy(m::read).isInstanceOf(IOException.class).hasMessageContaining("404");
    }
}
