package io.streamrec.api;

import static io.streamrec.api.Fixtures.axis;
import static io.streamrec.api.Fixtures.ids;
import static io.streamrec.api.Fixtures.json;
import static io.streamrec.api.Fixtures.publishItem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.streamrec.api.content.ContentIndex;
import io.streamrec.api.content.ContentSettings;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.api.metrics.ApiMetrics;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.vector.VectorCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Item texts embedded after catalogue writes (the real in-jar model), stored in Redis, and GET /similar by content. */
class ContentSimilarTest {
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    @BeforeEach
    void cleanRedis() {
        TestApi.redis().flushAll();
    }

    static final String CATALOGUE = "["
            + "{\"itemId\":\"heart-holder\",\"title\":\"White hanging heart t-light holder\",\"category\":\"holder\"},"
            + "{\"itemId\":\"star-holder\",\"title\":\"Glass star frosted t-light holder\","
            + "\"description\":\"A frosted glass holder\\nfor one tea light candle.\",\"category\":\"holder\"},"
            + "{\"itemId\":\"jumbo-bag\",\"title\":\"Jumbo bag red retrospot\",\"category\":\"bag\"},"
            + "{\"itemId\":\"lunch-bag\",\"title\":\"Lunch bag red retrospot\",\"category\":\"bag\"},"
            + "{\"itemId\":\"alarm-clock\",\"title\":\"Alarm clock bakelike pink\",\"category\":\"clock\"},"
            + "{\"itemId\":\"no-text\",\"category\":\"bag\"}]";

    @Test
    void catalogueTextsAreEmbeddedStoredAndServeSimilarItems() throws Exception {
        ContentSettings settings = ContentSettings.defaults();
        ContentIndex content = new ContentIndex(TestApi.redis(), settings);
        ItemIndex index = TestApi.newIndex();
        var app = StreamrecApi.create(new StreamrecApi.Dependencies(TestApi.SETTINGS, publisher, TestApi.redis(), index,
                List.of(), new ApiMetrics(), content));
        JavalinTest.test(app, (server, client) -> {
            assertThat(TestApi.send(client, "POST", "/v1/items", CATALOGUE, TestApi.ADMIN_KEY).code()).isEqualTo(200);
            assertThat(content.awaitIdle(120_000)).as("embedding finished").isTrue();
            assertThat(content.embedded()).isEqualTo(5);
            assertThat(content.dropped()).isZero();

            // a user without history whose recent item has a text: items described like it, with the content reason
            Fixtures.publishLists("newbie", Fixtures.recent("jumbo-bag"));
            JsonNode described = json(client.get("/v1/users/newbie/recommendations?k=3&explain=true"));
            assertThat(ids(described)).doesNotContain("jumbo-bag").first().isEqualTo("lunch-bag");
            assertThat(described.at("/items/0/reasons").toString()).contains(io.streamrec.core.rank.Ranker.CONTENT_REASON);

            // stored in Redis as float32 unit vectors, one per item with a text
            byte[] stored = TestApi.redis().hget(RedisKeys.ITEM_TEXT_VECTORS.getBytes(StandardCharsets.UTF_8),
                    "star-holder".getBytes(StandardCharsets.UTF_8));
            float[] v = VectorCodec.decode(stored);
            assertThat(v).hasSize(384);
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertThat(norm).isBetween(0.999, 1.001);
            assertThat(TestApi.redis().hexists(RedisKeys.ITEM_TEXT_VECTORS, "no-text")).isFalse();
            assertThat(json(client.get("/v1/items/star-holder")).get("description").asText())
                    .isEqualTo("A frosted glass holder\nfor one tea light candle."); // line breaks allowed

            // by=content: the nearest texts first, the item itself never
            JsonNode byContent = json(client.get("/v1/items/heart-holder/similar?by=content&k=2&explain=true"));
            assertThat(byContent.get("by").asText()).isEqualTo("content");
            assertThat(ids(byContent)).hasSize(2).doesNotContain("heart-holder").first().isEqualTo("star-holder");
            assertThat(byContent.at("/items/0/reasons/0").asText()).isEqualTo("text similar to heart-holder");
            assertThat(ids(json(client.get("/v1/items/jumbo-bag/similar?by=content&k=1")))).containsExactly("lunch-bag");
            // the catalogue filters apply: category, unavailable
            assertThat(ids(json(client.get("/v1/items/jumbo-bag/similar?by=content&k=5&category=holder"))))
                    .containsExactlyInAnyOrder("heart-holder", "star-holder");
            TestApi.send(client, "PUT", "/v1/items/lunch-bag", "{\"title\":\"Lunch bag red retrospot\",\"available\":false}",
                    TestApi.ADMIN_KEY);
            assertThat(ids(json(client.get("/v1/items/jumbo-bag/similar?by=content&k=5")))).doesNotContain("lunch-bag");

            // by=auto (the default): text while the model has not learned the item from enough events
            publishItem("jumbo-bag", 1, axis(0, 1f, 0f));
            publishItem("alarm-clock", settings.similarMinEvents(), axis(0, 1f, 0f));
            publishItem("heart-holder", settings.similarMinEvents(), axis(0, 0.5f, 0f));
            Fixtures.await("indexed", () -> Fixtures.indexed(index, "jumbo-bag", "alarm-clock", "heart-holder"));
            assertThat(json(client.get("/v1/items/jumbo-bag/similar")).get("by").asText()).isEqualTo("content");
            JsonNode learned = json(client.get("/v1/items/alarm-clock/similar?k=5"));
            assertThat(learned.get("by").asText()).isEqualTo("model");
            assertThat(ids(learned)).containsExactlyInAnyOrder("heart-holder", "jumbo-bag");
            assertThat(json(client.get("/v1/items/jumbo-bag/similar?by=model")).get("by").asText()).isEqualTo("model");

            // no text: 404 by content; no vector either: 404 by auto; an unknown by: 400
            var none = client.get("/v1/items/no-text/similar?by=content");
            assertThat(none.code()).isEqualTo(404);
            assertThat(json(none).get("detail").asText()).contains("no text embedding");
            assertThat(client.get("/v1/items/no-text/similar").code()).isEqualTo(404);
            var bad = client.get("/v1/items/jumbo-bag/similar?by=words");
            assertThat(bad.code()).isEqualTo(400);
            assertThat(json(bad).get("detail").asText()).contains("by");
        });
    }

    @Test
    void aFullQueueDropsItemsWithoutBlockingWritesAndAnotherProcessLoadsTheStoredVectors() throws Exception {
        ContentSettings tiny = new ContentSettings(true, ContentSettings.defaults().model(), 1, 1000, 5);
        ContentIndex content = new ContentIndex(TestApi.redis(), tiny);
        var app = StreamrecApi.create(new StreamrecApi.Dependencies(TestApi.SETTINGS, publisher, TestApi.redis(),
                TestApi.newIndex(), List.of(), new ApiMetrics(), content));
        JavalinTest.test(app, (server, client) -> {
            StringBuilder many = new StringBuilder("[");
            for (int i = 0; i < 200; i++) {
                many.append(i == 0 ? "" : ",").append("{\"itemId\":\"i").append(i).append("\",\"title\":\"item number ")
                        .append(i).append("\"}");
            }
            var r = TestApi.send(client, "POST", "/v1/items", many.append("]").toString(), TestApi.ADMIN_KEY);
            assertThat(r.code()).isEqualTo(200);
            assertThat(json(r).get("accepted").asInt()).isEqualTo(200);
            assertThat(content.awaitIdle(120_000)).isTrue();
            assertThat(content.dropped()).isPositive();
            assertThat(content.embedded() + content.dropped()).isEqualTo(200);
            assertThat(client.get("/metrics").body().string()).contains("streamrec_content_dropped");
        });
        long stored = TestApi.redis().hlen(RedisKeys.ITEM_TEXT_VECTORS);
        assertThat(stored).isEqualTo(content.embedded());
        ContentIndex restarted = new ContentIndex(TestApi.redis(), ContentSettings.defaults());
        assertThat(restarted.load()).isEqualTo((int) stored);
        restarted.close();
    }
}
