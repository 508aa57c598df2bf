package io.streamrec.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.streamrec.api.metrics.ApiMetrics;
import io.streamrec.api.ops.ConsoleSettings;
import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.rank.RankConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator console's files at /console and its figures at GET /v1/ops/stats. */
class ConsoleTest {
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    @Test
    void theConsoleIsServedFromTheJarWithoutAKey() {
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            var page = client.get("/console/");
            assertThat(page.code()).isEqualTo(200);
            assertThat(page.headers().get("Content-Type").get(0)).startsWith("text/html");
            String html = page.body().string();
            assertThat(html).contains("<script type=\"module\" src=\"/console/console.js\">").contains("id=\"key-form\"");
            var js = client.get("/console/console.js");
            assertThat(js.code()).isEqualTo(200);
            assertThat(js.headers().get("Content-Type").get(0)).contains("javascript");
            assertThat(js.body().string()).contains("/v1/ops/stats").doesNotContain("method: 'POST'");
            assertThat(client.get("/console/console.css").code()).isEqualTo(200);
        });
    }

    @Test
    void statsNeedASecretKeyAndSampleTheRecommendationsAnswered() {
        ApiSettings settings = TestApi.settings(RankConfig.modelOnly(), List.of(TestApi.READ_KEY));
        var app = StreamrecApi.create(new StreamrecApi.Dependencies(settings, publisher, TestApi.redis(),
                TestApi.newIndex(), List.of(), new ApiMetrics(), new ConsoleSettings("", 1, 50)));
        JavalinTest.test(app, (server, client) -> {
            assertThat(TestApi.send(client, "GET", "/v1/ops/stats", null, null).code()).isEqualTo(401);
            assertThat(TestApi.send(client, "GET", "/v1/ops/stats", null, "no-such-key-0123456789").code()).isEqualTo(401);
            for (int i = 0; i < 5; i++) {
                assertThat(TestApi.send(client, "GET", "/v1/users/u" + i + "/recommendations", null, TestApi.READ_KEY)
                        .code()).isEqualTo(200);
            }
            JsonNode stats = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                var r = TestApi.send(client, "GET", "/v1/ops/stats", null, TestApi.READ_KEY);
                assertThat(r.code()).isEqualTo(200);
                stats = Fixtures.json(r);
                if (stats.path("samples").findValues("recommendP50Millis").stream().anyMatch(JsonNode::isNumber)) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(stats.path("sampleSeconds").asInt()).isEqualTo(1);
            assertThat(stats.path("jobMetrics").asText()).isEqualTo("not_configured");
            JsonNode sample = null;
            for (JsonNode s : stats.path("samples")) {
                if (s.path("recommendP50Millis").isNumber()) {
                    sample = s;
                }
            }
            assertThat(sample).as("a sample with the recommendations' latency: " + stats).isNotNull();
            assertThat(sample.path("recommendP99Millis").asDouble()).isGreaterThanOrEqualTo(
                    sample.path("recommendP50Millis").asDouble()).isPositive();
            assertThat(sample.path("requestsPerSecond").asDouble()).isPositive();
            assertThat(sample.has("eventsPerSecond")).as("null job figures are left out").isFalse();
        });
    }

    @Test
    void theFlinkRestUrlMustBeAnHttpUrl() {
        assertThat(ConsoleSettings.from(StreamrecConfig.load(null, Map.of(), Map.of("console.flink-rest-url",
                "http://flink-jobmanager:8081"))).flinkRestUrl()).isEqualTo("http://flink-jobmanager:8081");
        assertThat(ConsoleSettings.defaults().flinkRestUrl()).isEmpty();
        assertThatThrownBy(() -> ConsoleSettings.from(StreamrecConfig.load(null, Map.of(),
                Map.of("console.flink-rest-url", "flink:8081"))))
                .isInstanceOf(StreamrecConfig.ConfigException.class).hasMessageContaining("console.flink-rest-url");
    }
}
