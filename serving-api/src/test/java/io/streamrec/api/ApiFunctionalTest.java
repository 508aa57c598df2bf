package io.streamrec.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.streamrec.api.openapi.OpenApiDocument;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.event.EventType;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.vector.VectorCodec;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import redis.clients.jedis.StreamEntryID;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint through JavalinTest, against a real Redis. */
class ApiFunctionalTest {
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    static JsonNode json(io.javalin.testtools.Response r) throws Exception {
        return EventJson.MAPPER.readTree(r.body().string());
    }

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

    /** Publishes vectors the way the job does: binary float32, versioned, announced on the change feed. */
    static void publishItem(String id, long version, float... v) {
        byte[] bytes = VectorCodec.encode(v, version, System.currentTimeMillis());
        TestApi.redis().hset(RedisKeys.ITEM_VECTORS.getBytes(StandardCharsets.UTF_8), id.getBytes(StandardCharsets.UTF_8), bytes);
        TestApi.redis().hset(RedisKeys.ITEM_VERSIONS, id, Long.toString(version));
        TestApi.redis().xadd(RedisKeys.ITEM_CHANGES, StreamEntryID.NEW_ENTRY,
                Map.of(RedisKeys.CHANGE_ITEM, id, RedisKeys.CHANGE_VERSION, Long.toString(version)));
    }

    static void publishUser(String id, float... query) {
        TestApi.redis().set(RedisKeys.userVector(id).getBytes(StandardCharsets.UTF_8), VectorCodec.encode(query, 1, 0));
    }

    static float[] axis(int dim, float value, float bias) {
        float[] v = new float[TestApi.WIDTH];
        v[dim] = value;
        v[TestApi.WIDTH - 1] = bias;
        return v;
    }

    static boolean indexed(String... ids) {
        Set<String> have = new java.util.HashSet<>();
        TestApi.items().topK(new float[TestApi.WIDTH], 100_000, Set.of()).forEach(x -> have.add(x.itemId()));
        return have.containsAll(List.of(ids));
    }

    static void awaitIndex(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!c.getAsBoolean()) {
            assertThat(System.nanoTime()).as("item index caught up").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void recommendationsScoreEveryPublishedItemWithTheUsersQueryAndLeaveOutSeenItems() throws Exception {
        publishItem("red-shoe", 1, axis(0, 1f, 0f));
        publishItem("red-hat", 1, axis(0, 0.8f, 0f));
        publishItem("blue-cup", 1, axis(1, 1f, 0f));
        publishItem("popular", 1, axis(2, 0f, 0.5f));
        publishUser("u7", axis(0, 2f, 1f));
        TestApi.redis().zadd(RedisKeys.userRecentItems("u7"), Map.of("red-shoe", 3.0));
        awaitIndex(() -> indexed("red-shoe", "red-hat", "blue-cup", "popular"));
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            var r = client.get("/v1/users/u7/recommendations?k=2&explain=true");
            assertThat(r.code()).isEqualTo(200);
            JsonNode body = json(r);
            assertThat(body.get("userId").asText()).isEqualTo("u7");
            assertThat(body.get("fallback").asBoolean()).isFalse();
            assertThat(body.get("modelVersion").asText()).isEqualTo("online-mf-v1");
            // red-shoe was seen; red-hat scores 2·0.8 = 1.6, popular 0.5 (bias), blue-cup 0
            assertThat(body.get("items")).extracting(i -> i.get("itemId").asText()).containsExactly("red-hat", "popular");
            assertThat(body.get("items").get(0).get("score").asDouble()).isCloseTo(1.6, org.assertj.core.api.Assertions.within(1e-5));
            assertThat(body.get("items").get(0).get("reasons").get(0).asText()).contains("factor model");
            assertThat(json(client.get("/v1/users/u7/recommendations")).get("items").get(0).has("reasons")).isFalse();

            JsonNode unknown = json(client.get("/v1/users/nobody/recommendations"));
            assertThat(unknown.get("items")).isEmpty(); // nothing is trending in this test yet
            assertThat(unknown.get("fallback").asBoolean()).isTrue();
            JsonNode unicode = json(client.get("/v1/users/%E3%83%A6%E3%83%BC%E3%82%B6%E3%83%BC/recommendations"));
            assertThat(unicode.get("userId").asText()).isEqualTo("ユーザー");
        });
    }

    /** Log scores as the job writes them: ln(weight) + t·ln2/halfLife. */
    static void trend(String window, String category, String item, double weight, long t) {
        double h = window.equals("1h") ? 3_600_000d : 86_400_000d;
        double score = io.streamrec.core.decay.LogDecay.add(Double.NEGATIVE_INFINITY, weight, t, h);
        TestApi.redis().zadd(RedisKeys.trending(window), score, item);
        if (category != null) {
            TestApi.redis().zadd(RedisKeys.trending(window, category), score, item);
        }
    }

    @Test
    void trendingListsAndTheFallbackForUnknownUsers() {
        long now = System.currentTimeMillis();
        trend("24h", "garden", "rake", 6, now - 86_400_000); // a purchase a day ago: worth 3 now
        trend("24h", "garden", "hose", 1, now);              // a view just now: worth 1
        trend("24h", "kitchen", "pan", 4, now);
        trend("1h", "kitchen", "pan", 4, now);
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            JsonNode all = json(client.get("/v1/trending"));
            assertThat(all.get("window").asText()).isEqualTo("24h");
            assertThat(all.get("items")).extracting(i -> i.get("itemId").asText()).containsExactly("pan", "rake", "hose");
            assertThat(all.at("/items/1/score").asDouble()).isCloseTo(3.0, org.assertj.core.api.Assertions.within(0.01));
            JsonNode garden = json(client.get("/v1/trending?category=garden&k=1&explain=true"));
            assertThat(garden.get("category").asText()).isEqualTo("garden");
            assertThat(garden.get("items")).singleElement().satisfies(i -> {
                assertThat(i.get("itemId").asText()).isEqualTo("rake");
                assertThat(i.get("reasons").get(0).asText()).isEqualTo("trending in garden");
            });
            assertThat(json(client.get("/v1/trending?window=1h")).get("items")).extracting(i -> i.get("itemId").asText())
                    .containsExactly("pan");
            JsonNode stranger = json(client.get("/v1/users/stranger/recommendations?k=2&explain=true"));
            assertThat(stranger.get("fallback").asBoolean()).isTrue();
            assertThat(stranger.get("items")).extracting(i -> i.get("itemId").asText()).containsExactly("pan", "rake");
            assertThat(stranger.at("/items/0/reasons/0").asText()).isEqualTo("trending");
        });
    }

    @Test
    void anItemVectorUpdatedInRedisShowsUpWithoutRestart() throws Exception {
        publishItem("lamp", 1, axis(3, 0.5f, 0f));
        publishItem("sofa", 1, axis(3, 2f, 0f));
        publishUser("u8", axis(3, 1f, 1f));
        awaitIndex(() -> TestApi.items().topK(axis(3, 1f, 1f), 10, Set.of()).stream().anyMatch(s -> s.itemId().equals("sofa")));
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            assertThat(json(client.get("/v1/users/u8/recommendations?k=1")).at("/items/0/itemId").asText()).isEqualTo("sofa");
            publishItem("lamp", 2, axis(3, 3f, 0f)); // the job learned that lamps fit this user better
            awaitIndex(() -> TestApi.items().topK(axis(3, 1f, 1f), 1, Set.of()).get(0).itemId().equals("lamp"));
            assertThat(json(client.get("/v1/users/u8/recommendations?k=1")).at("/items/0/itemId").asText()).isEqualTo("lamp");
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
                    .containsExactlyInAnyOrder("POST /v1/events", "GET /v1/users/{userId}/recommendations",
                            "GET /v1/trending", "GET /health/live", "GET /health/ready", "GET /metrics", "GET /openapi", "GET /swagger");
            JsonNode post = d.at("/paths/~1v1~1events/post");
            assertThat(post.get("responses").fieldNames()).toIterable().contains("202", "400", "413", "503");
            assertThat(post.at("/responses/400/content/application~1json/schema/$ref").asText())
                    .isEqualTo("#/components/schemas/ApiError");
            assertThat(d.at("/components/schemas/ApiError/properties").fieldNames()).toIterable()
                    .contains("title", "status", "detail");
            assertThat(d.at("/components/schemas/EventSchema/required")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("userId", "itemId", "type", "ts");
            JsonNode recs = d.at("/paths/~1v1~1users~1{userId}~1recommendations/get");
            assertThat(recs.get("responses").fieldNames()).toIterable().contains("200", "400", "503");

            var ui = client.get("/swagger");
            assertThat(ui.code()).isEqualTo(200);
            assertThat(ui.body().string()).contains("swagger-ui-bundle.js");
            assertThat(client.get("/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js").code()).isEqualTo(200);
        });
    }

    @Test
    void redisDownMeans503NotACrash() {
        var down = io.streamrec.core.redis.RedisClientFactory.create(
                new io.streamrec.core.redis.RedisSettings("redis://127.0.0.1:1", 200, 2, 200, "down"));
        var app = StreamrecApi.create(new StreamrecApi.Dependencies(TestApi.SETTINGS, publisher, down, TestApi.items(),
                List.of(new io.streamrec.api.health.RedisCheck(down)), new io.streamrec.api.metrics.ApiMetrics()));
        JavalinTest.test(app, (server, client) -> {
            var r = client.get("/v1/users/u/recommendations");
            assertThat(r.code()).isEqualTo(503);
            assertThat(json(r).get("detail").asText()).startsWith("Redis unavailable");
            assertThat(r.body().string()).doesNotContain("at redis.clients");
            assertThat(client.get("/health/ready").code()).isEqualTo(503);
        });
        down.close();
    }
}
