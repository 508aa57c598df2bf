package io.streamrec.api;

import static io.streamrec.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.streamrec.api.openapi.OpenApiDocument;
import io.streamrec.core.event.EventType;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint through JavalinTest, against a real Redis. */
class ApiFunctionalTest {
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    @BeforeEach
    void cleanRedis() {
        TestApi.redis().flushAll();
    }

    @Test
    void acceptsOneEventAndABatchWithPartialRejections() {
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            var one = TestApi.postRaw(client, "/v1/events",
                    "{\"userId\":\"u1\",\"itemId\":\"i1\",\"type\":\"view\",\"ts\":\"2024-05-01T12:00:00Z\"}");
            assertThat(one.code()).isEqualTo(202);
            assertThat(json(one).get("accepted").asInt()).isEqualTo(1);
            assertThat(json(one).get("rejected")).isEmpty();
            assertThat(publisher.published).singleElement().satisfies(e -> {
                assertThat(e.ts).isEqualTo(1_714_564_800_000L);
                assertThat(e.type).isEqualTo(EventType.VIEW);
            });

            var batch = TestApi.postRaw(client, "/v1/events", "[{\"userId\":\"u1\",\"itemId\":\"i2\",\"type\":\"click\",\"ts\":1},"
                    + "{\"userId\":\"u1\",\"type\":\"click\",\"ts\":1},"
                    + "{\"userId\":\"ユーザー\",\"itemId\":\"品目\",\"type\":\"purchase\",\"ts\":2,\"value\":3}]");
            assertThat(batch.code()).isEqualTo(202);
            JsonNode b = json(batch);
            assertThat(b.get("accepted").asInt()).isEqualTo(2);
            assertThat(b.get("rejected")).hasSize(1);
            assertThat(b.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
            assertThat(b.get("rejected").get(0).get("reason").asText()).isEqualTo("itemId: required");
            assertThat(publisher.published).hasSize(3);
            assertThat(publisher.published.get(2).userId).isEqualTo("ユーザー");
        });
    }

    @Test
    void kafkaDownMeans503WithRetryAfterNever202() {
        publisher.failing = true;
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            var r = TestApi.postRaw(client, "/v1/events", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}");
            assertThat(r.code()).isEqualTo(503);
            assertThat(r.headers().get("Retry-After")).containsExactly("5");
            JsonNode e = json(r);
            assertThat(e.get("title").asText()).isEqualTo("Service Unavailable");
            assertThat(e.get("status").asInt()).isEqualTo(503);
            assertThat(e.get("detail").asText()).startsWith("events not stored, retry later");
        });
    }

    @Test
    void healthReflectsDependencies() {
        JavalinTest.test(TestApi.app(publisher, List.of(TestApi.check("redis", null), TestApi.check("kafka", "no answer"))),
                (server, client) -> {
                    assertThat(client.get("/health/live").code()).isEqualTo(200);
                    var ready = client.get("/health/ready");
                    assertThat(ready.code()).isEqualTo(503);
                    JsonNode r = json(ready);
                    assertThat(r.get("status").asText()).isEqualTo("DOWN");
                    assertThat(r.get("checks").get("redis").asText()).isEqualTo("UP");
                    assertThat(r.get("checks").get("kafka").asText()).isEqualTo("DOWN: no answer");
                });
        JavalinTest.test(TestApi.app(publisher, List.of(TestApi.check("redis", null))), (server, client) ->
                assertThat(client.get("/health/ready").code()).isEqualTo(200));
    }

    @Test
    void metricsArePrometheusText() {
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            TestApi.postRaw(client, "/v1/events", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}");
            TestApi.postRaw(client, "/v1/events", "{\"userId\":\"u\"}");
            var m = client.get("/metrics");
            assertThat(m.code()).isEqualTo(200);
            assertThat(m.headers().get("Content-Type").get(0)).startsWith("text/plain");
            String text = m.body().string();
            assertThat(text).contains("streamrec_events_accepted_total 1.0");
            assertThat(text).contains("streamrec_events_rejected_total 1.0");
            assertThat(text).contains("streamrec_http_requests_seconds_count{method=\"POST\",route=\"/v1/events\",status=\"202\"}");
            assertThat(text).contains("jvm_memory_used_bytes");
            assertThat(text).contains("streamrec_item_index_quantized 1.0"); // the tests' index quantises from 0 items
            assertThat(text).contains("streamrec_scan_exact_rescans_total 0.0");
        });
    }

    @Test
    void openApiDocumentsEveryRouteWithItsErrorsAndSwaggerUiLoads() {
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            var doc = client.get("/openapi");
            assertThat(doc.code()).isEqualTo(200);
            JsonNode d = json(doc);
            assertThat(d.get("openapi").asText()).isEqualTo("3.0.3");
            assertThat(OpenApiDocument.operations((com.fasterxml.jackson.databind.node.ObjectNode) d))
                    .containsExactlyInAnyOrder("POST /v1/events", "POST /v1/events/beacon", "POST /v1/anonymous",
                            "GET /v1/users/{userId}/recommendations", "GET /v1/users/{userId}/buy-again",
                            "DELETE /v1/users/{userId}", "POST /v1/items", "GET /v1/items/{itemId}", "PUT /v1/items/{itemId}",
                            "DELETE /v1/items/{itemId}", "GET /v1/items/{itemId}/similar",
                            "GET /v1/trending", "GET /v1/experiments", "PUT /v1/experiments/{experimentId}",
                            "GET /v1/experiments/{experimentId}", "POST /v1/experiments/{experimentId}/start",
                            "POST /v1/experiments/{experimentId}/stop", "GET /v1/experiments/{experimentId}/results",
                            "GET /v1/experiments/{experimentId}/assignment", "GET /v1/ops/stats", "GET /v1/ops/blend", "GET /health/live", "GET /health/ready", "GET /metrics", "GET /openapi", "GET /swagger");
            // every operation says what credentials it takes ({} = none); every /v1 one documents its 401, its
            // 400 when it takes input, and a write one its 403
            d.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                String name = op.getKey() + " " + path.getKey();
                assertThat(op.getValue().get("security")).as(name).isNotEmpty();
                if (path.getKey().startsWith("/v1/")) {
                    if (!List.of("/v1/anonymous", "/v1/experiments", "/v1/ops/stats", "/v1/ops/blend").contains(path.getKey())) { // no input
                        assertThat(op.getValue().get("responses").has("400")).as(name).isTrue();
                    }
                    assertThat(op.getValue().get("responses").has("401")).as(name).isTrue();
                    if (!op.getKey().equals("get")) {
                        assertThat(op.getValue().get("responses").has("403")).as(name).isTrue();
                    }
                }
            }));
            assertThat(d.at("/paths/~1v1~1events/post/security").toString())
                    .isEqualTo("[{\"ApiKey\":[]},{\"PublishableKey\":[],\"UserToken\":[]}]");
            assertThat(d.at("/paths/~1v1~1items~1{itemId}/put/security").toString()).isEqualTo("[{\"ApiKey\":[]}]");
            assertThat(d.at("/paths/~1health~1live/get/security").toString()).isEqualTo("[{}]");
            assertThat(d.at("/components/securitySchemes/UserToken/scheme").asText()).isEqualTo("bearer");
            assertThat(d.at("/servers/0/url").asText()).isEqualTo("/");
            assertThat(d.at("/components/securitySchemes/ApiKey/name").asText()).isEqualTo("X-API-Key");
            JsonNode post = d.at("/paths/~1v1~1events/post");
            assertThat(post.get("responses").fieldNames()).toIterable().contains("202", "400", "413", "503");
            assertThat(post.at("/responses/400/content/application~1json/schema/$ref").asText())
                    .isEqualTo("#/components/schemas/ApiError");
            assertThat(d.at("/components/schemas/ApiError/properties").fieldNames()).toIterable()
                    .contains("title", "status", "detail");
            assertThat(d.at("/components/schemas/EventSchema/required")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("userId", "itemId", "type", "ts");
            JsonNode recs = d.at("/paths/~1v1~1users~1{userId}~1recommendations/get");
            assertThat(recs.get("responses").fieldNames()).toIterable().contains("200", "400");
            assertThat(recs.get("parameters")).extracting(p -> p.get("name").asText())
                    .contains("userId", "k", "category", "exclude", "explain");

            var ui = client.get("/swagger");
            assertThat(ui.code()).isEqualTo(200);
            assertThat(ui.body().string()).contains("swagger-ui-bundle.js");
            assertThat(client.get("/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js").code()).isEqualTo(200);
        });
    }
}
