package io.streamrec.api;

import static io.streamrec.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.core.catalog.CatalogItem;
import io.streamrec.core.redis.RedisKeys;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PUT/POST/DELETE/GET /v1/items against a real Redis, and the change feed carrying the catalogue. */
class CatalogTest {
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    @BeforeEach
    void cleanRedis() {
        TestApi.redis().flushAll();
    }

    @Test
    void putGetBulkAndDeleteAreStoredInRedisAndAnnouncedOnTheFeed() {
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            var put = TestApi.send(client, "PUT", "/v1/items/rake-1",
                    "{\"category\":\"garden\",\"tags\":[\"tools\",\"steel\",\"tools\"],\"price\":12.5,\"title\":\"Steel rake\"}",
                    TestApi.ADMIN_KEY);
            assertThat(put.code()).isEqualTo(200);
            JsonNode item = json(put);
            assertThat(item.get("itemId").asText()).isEqualTo("rake-1");
            assertThat(item.get("tags")).extracting(JsonNode::asText).containsExactly("tools", "steel");
            assertThat(item.get("available").asBoolean()).isTrue();
            assertThat(item.get("hasVector").asBoolean()).isFalse();
            JsonNode got = json(client.get("/v1/items/rake-1"));
            assertThat(got.get("category").asText()).isEqualTo("garden");
            assertThat(got.get("price").asDouble()).isEqualTo(12.5);
            assertThat(got.get("title").asText()).isEqualTo("Steel rake");
            CatalogItem stored = CatalogItem.fromJson("rake-1", TestApi.redis().hget(RedisKeys.ITEM_CATALOG, "rake-1"));
            assertThat(stored.category()).isEqualTo("garden");
            assertThat(stored.title()).isEqualTo("Steel rake");
            assertThat(stored.recommendable()).isTrue();

            var bulk = TestApi.send(client, "POST", "/v1/items", "{\"itemId\":\"a\",\"category\":\"x\"}\n"
                    + "not json\n\n{\"itemId\":\"b\",\"price\":-1}\n{\"itemId\":\"c\",\"available\":false}\n", TestApi.ADMIN_KEY);
            assertThat(bulk.code()).isEqualTo(200);
            JsonNode b = json(bulk);
            assertThat(b.get("accepted").asInt()).isEqualTo(2);
            assertThat(b.get("rejected")).extracting(r -> r.get("index").asInt()).containsExactly(1, 2);
            assertThat(b.at("/rejected/0/reason").asText()).startsWith("invalid JSON");
            assertThat(b.at("/rejected/1/reason").asText()).isEqualTo("price: must be between 0 and 1000000000, got -1");
            assertThat(json(client.get("/v1/items/c")).get("available").asBoolean()).isFalse();

            assertThat(TestApi.send(client, "DELETE", "/v1/items/rake-1", null, TestApi.ADMIN_KEY).code()).isEqualTo(204);
            assertThat(TestApi.send(client, "DELETE", "/v1/items/rake-1", null, TestApi.ADMIN_KEY).code()).isEqualTo(204);
            var gone = client.get("/v1/items/rake-1");
            assertThat(gone.code()).isEqualTo(404);
            assertThat(json(gone).get("detail").asText()).isEqualTo("item 'rake-1' is not in the catalogue");
            assertThat(CatalogItem.fromJson("rake-1", TestApi.redis().hget(RedisKeys.ITEM_CATALOG, "rake-1")).deleted()).isTrue();
            // PUT, POST (2 items), DELETE twice: five catalogue entries on the change feed
            assertThat(TestApi.redis().xlen(RedisKeys.ITEM_CHANGES)).isEqualTo(5);
        });
    }

    @Test
    void anotherApiProcessLearnsCatalogueChangesFromTheFeed() throws Exception {
        ItemIndex other = TestApi.newIndex(); // stands for a second API replica
        try {
            Fixtures.publishItem("kettle", 1, Fixtures.axis(0, 1f, 0f));
            Fixtures.await("other index loaded", () -> other.hasVector("kettle"));
            JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
                TestApi.send(client, "PUT", "/v1/items/kettle", "{\"category\":\"kitchen\",\"available\":false}", TestApi.ADMIN_KEY);
                Fixtures.await("other index saw the catalogue change", () -> other.catalogItem("kettle") != null);
                assertThat(other.admits("kettle", ItemIndex.Filter.NONE)).isFalse();
                assertThat(other.topK(Fixtures.axis(0, 1f, 0f), 5, ItemIndex.Filter.NONE)).isEmpty();
                TestApi.send(client, "PUT", "/v1/items/kettle", "{\"category\":\"kitchen\"}", TestApi.ADMIN_KEY);
                Fixtures.await("available again", () -> other.catalogItem("kettle").available());
                assertThat(other.topK(Fixtures.axis(0, 1f, 0f), 5, new ItemIndex.Filter(java.util.Set.of(), "kitchen")))
                        .extracting(ItemIndex.Scored::itemId).containsExactly("kettle");
            });
        } finally {
            other.close();
        }
        // a process started later loads the catalogue with the vectors
        ItemIndex late = TestApi.newIndex();
        try {
            Fixtures.await("late index loaded", late.stats()::loaded);
            assertThat(late.catalogItem("kettle").category()).isEqualTo("kitchen");
        } finally {
            late.close();
        }
    }
}
