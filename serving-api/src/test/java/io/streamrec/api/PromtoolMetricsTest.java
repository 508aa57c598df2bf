package io.streamrec.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What GET /metrics serves passes {@code promtool check metrics} (Prometheus' own linter: HELP on every
 * metric, unit and type suffixes, base units). Skips, saying so, where promtool is not installed
 * (Debian: apt-get install prometheus).
 */
class PromtoolMetricsTest {
    @Test
    void metricsPassPromtoolCheck() throws Exception {
        Path promtool = onPath("promtool");
        if (promtool == null) {
            String why = "SKIPPED PromtoolMetricsTest: promtool is not on the PATH, so /metrics was not checked "
                    + "(Debian: apt-get install prometheus)";
            System.err.println(why);
            Assumptions.abort(why);
        }
        String[] text = new String[1];
        TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            // every kind of meter the API has: request timers (ok and error), counters, the feed-lag summary
            TestApi.postRaw(client, "/v1/events", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}");
            TestApi.postRaw(client, "/v1/events", "{\"userId\":\"u\"}");
            client.get("/v1/trending");
            client.get("/health/live");
            var r = client.get("/metrics");
            assertThat(r.code()).isEqualTo(200);
            text[0] = r.body().string();
        });
        assertThat(text[0]).contains("streamrec_http_requests_seconds_count", "jvm_memory_used_bytes",
                "streamrec_item_feed_lag_seconds", "process_cpu_seconds_total ", "system_cpus ");
        Path log = Path.of("target", "promtool-check-metrics.log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text[0].getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String findings = Files.readString(log, StandardCharsets.UTF_8).strip();
        System.out.println("promtool check metrics on /metrics: exit " + p.exitValue()
                + (findings.isEmpty() ? ", no findings" : "\n" + findings));
        assertThat(findings).as("promtool check metrics findings on GET /metrics").isEmpty();
        assertThat(p.exitValue()).as("promtool exit code").isZero();
    }

    static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
