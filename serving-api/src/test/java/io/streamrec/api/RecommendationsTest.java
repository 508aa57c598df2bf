package io.streamrec.api;

import static io.streamrec.api.Fixtures.axis;
import static io.streamrec.api.Fixtures.ids;
import static io.streamrec.api.Fixtures.json;
import static io.streamrec.api.Fixtures.publishItem;
import static io.streamrec.api.Fixtures.publishUser;
import static io.streamrec.api.Fixtures.trend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.streamrec.api.index.ItemIndex;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /v1/users/{id}/recommendations, /v1/items/{id}/similar and /v1/trending against a real Redis. */
class RecommendationsTest {
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    @BeforeEach
    void cleanRedis() {
        TestApi.redis().flushAll();
    }

    static void catalogue(io.javalin.testtools.HttpClient client, String body) {
        var r = TestApi.send(client, "POST", "/v1/items", body, TestApi.ADMIN_KEY);
        assertThat(r.code()).as("POST /v1/items").isEqualTo(200);
    }

    @Test
    void scoresEveryItemWithTheUsersQueryAndFiltersSeenBoughtCategoryAndUnavailable() throws Exception {
        publishItem("red-shoe", 1, axis(0, 1f, 0f));
        publishItem("red-hat", 1, axis(0, 0.8f, 0f));
        publishItem("red-sock", 1, axis(0, 0.7f, 0f));
        publishItem("blue-cup", 1, axis(1, 1f, 0f));
        publishItem("popular", 1, axis(2, 0f, 0.5f));
        publishUser("u7", axis(0, 2f, 1f));
        Fixtures.publishLists("u7", io.streamrec.core.interest.UserLists.empty(1, System.currentTimeMillis())
                .withRecent("red-shoe", 3.0).withBought("red-sock", 1));
        ItemIndex index = TestApi.newIndex();
        Fixtures.await("index loaded", () -> Fixtures.indexed(index, "red-shoe", "red-hat", "red-sock", "blue-cup", "popular"));
        JavalinTest.test(TestApi.app(publisher, List.of(), index), (server, client) -> {
            var r = client.get("/v1/users/u7/recommendations?k=2&explain=true");
            assertThat(r.code()).isEqualTo(200);
            JsonNode body = json(r);
            assertThat(body.get("userId").asText()).isEqualTo("u7");
            assertThat(body.get("fallback").asBoolean()).isFalse();
            assertThat(body.get("modelVersion").asText()).isEqualTo("online-mf-v1");
            // red-shoe was seen and red-sock bought; red-hat scores 2·0.8 = 1.6, popular 0.5 (bias), blue-cup 0
            assertThat(ids(body)).containsExactly("red-hat", "popular");
            assertThat(body.at("/items/0/score").asDouble()).isCloseTo(1 / (1 + Math.exp(-1.6)), within(1e-5)); // σ(2·0.8)
            assertThat(body.at("/items/0/reasons/0").asText()).isEqualTo("similar to items you viewed");
            assertThat(json(client.get("/v1/users/u7/recommendations")).get("items").get(0).has("reasons")).isFalse();
            // exclude=bought: seen items may come back, bought ones not; exclude=none: everything
            assertThat(ids(json(client.get("/v1/users/u7/recommendations?k=3&exclude=bought"))))
                    .containsExactly("red-shoe", "red-hat", "popular");
            assertThat(ids(json(client.get("/v1/users/u7/recommendations?k=3&exclude=none"))))
                    .containsExactly("red-shoe", "red-hat", "red-sock");

            // lists Redis holds that the job did not write (not the lists layout): as if there were none, no error
            TestApi.redis().set(io.streamrec.core.redis.RedisKeys.userLists("u7"), "garbage");
            assertThat(ids(json(client.get("/v1/users/u7/recommendations?k=3"))))
                    .containsExactly("red-shoe", "red-hat", "red-sock");
            Fixtures.publishLists("u7", io.streamrec.core.interest.UserLists.empty(1, System.currentTimeMillis())
                    .withRecent("red-shoe", 3.0).withBought("red-sock", 1));

            // the catalogue: categories filter, unavailable and deleted items never appear
            catalogue(client, "[{\"itemId\":\"red-hat\",\"category\":\"hats\",\"available\":false},"
                    + "{\"itemId\":\"popular\",\"category\":\"cups\"},{\"itemId\":\"blue-cup\",\"category\":\"cups\"}]");
            assertThat(ids(json(client.get("/v1/users/u7/recommendations?k=2")))).containsExactly("popular", "blue-cup");
            assertThat(ids(json(client.get("/v1/users/u7/recommendations?k=5&category=cups")))).containsExactly("popular", "blue-cup");
            assertThat(ids(json(client.get("/v1/users/u7/recommendations?k=5&category=hats")))).isEmpty();
            assertThat(TestApi.send(client, "DELETE", "/v1/items/popular", null, TestApi.ADMIN_KEY).code()).isEqualTo(204);
            assertThat(ids(json(client.get("/v1/users/u7/recommendations?k=5&category=cups")))).containsExactly("blue-cup");
            // the job keeps learning a deleted item: a newer vector does not bring it back
            publishItem("popular", 2, axis(0, 5f, 5f));
            Fixtures.await("vector v2", () -> index.similar("popular", 1, ItemIndex.Filter.NONE).get(0).score() > 0.5f);
            assertThat(ids(json(client.get("/v1/users/u7/recommendations?k=5&exclude=none")))).doesNotContain("popular", "red-hat");
            // PUT makes it recommendable again
            assertThat(TestApi.send(client, "PUT", "/v1/items/popular", "{\"category\":\"cups\"}", TestApi.ADMIN_KEY).code())
                    .isEqualTo(200);
            assertThat(ids(json(client.get("/v1/users/u7/recommendations?k=1")))).containsExactly("popular");
        });
    }

    /**
     * Trending candidates are admitted by the rows their lists were resolved to: what the user bought or saw
     * stays out whether or not it has a vector (the scan left the ones with vectors out, so the trending
     * path alone decides), unavailable items too; the rest comes in.
     */
    @Test
    void trendingCandidatesAreFilteredLikeTheScan() throws Exception {
        publishItem("hot", 1, axis(0, 1f, 0f));
        publishItem("bought-vec", 1, axis(0, 1f, 0f));
        publishItem("seen-vec", 1, axis(0, 1f, 0f));
        publishItem("gone", 1, axis(0, 1f, 0f));
        publishUser("u9", axis(0, 1f, 1f));
        Fixtures.publishLists("u9", io.streamrec.core.interest.UserLists.empty(1, System.currentTimeMillis())
                .withRecent("seen-vec", 3.0).withRecent("seen-novec", 2.0).withBought("bought-vec", 1).withBought("bought-novec", 1));
        long now = System.currentTimeMillis();
        for (String item : List.of("hot", "bought-vec", "seen-vec", "gone", "fresh-novec", "bought-novec", "seen-novec")) {
            trend("24h", null, item, 5, now);
        }
        ItemIndex index = TestApi.newIndex();
        Fixtures.await("index loaded", () -> Fixtures.indexed(index, "hot", "bought-vec", "seen-vec", "gone"));
        JavalinTest.test(TestApi.app(publisher, List.of(), index), (server, client) -> {
            catalogue(client, "[{\"itemId\":\"gone\",\"available\":false}]");
            List<String> seen = ids(json(client.get("/v1/users/u9/recommendations?k=10&seed=1")));
            assertThat(seen).contains("hot", "fresh-novec")
                    .doesNotContain("bought-vec", "bought-novec", "seen-vec", "seen-novec", "gone");
            List<String> none = ids(json(client.get("/v1/users/u9/recommendations?k=10&seed=1&exclude=none")));
            assertThat(none).contains("hot", "fresh-novec", "bought-vec", "bought-novec", "seen-vec", "seen-novec")
                    .doesNotContain("gone");
        });
    }

    @Test
    void unknownUsersGetTrendingOverallOrInTheirCategoryMarkedFallback() {
        long now = System.currentTimeMillis();
        trend("24h", "garden", "rake", 6, now - 86_400_000); // a purchase a day ago: worth 3 now
        trend("24h", "garden", "hose", 1, now);              // a view just now: worth 1
        trend("24h", "kitchen", "pan", 4, now);
        trend("1h", "kitchen", "pan", 4, now);
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            JsonNode all = json(client.get("/v1/trending"));
            assertThat(all.get("window").asText()).isEqualTo("24h");
            assertThat(ids(all)).containsExactly("pan", "rake", "hose");
            assertThat(all.at("/items/1/score").asDouble()).isCloseTo(3.0, within(0.01));
            JsonNode garden = json(client.get("/v1/trending?category=garden&k=1&explain=true"));
            assertThat(garden.get("category").asText()).isEqualTo("garden");
            assertThat(garden.get("items")).singleElement().satisfies(i -> {
                assertThat(i.get("itemId").asText()).isEqualTo("rake");
                assertThat(i.get("reasons").get(0).asText()).isEqualTo("trending in garden");
            });
            assertThat(ids(json(client.get("/v1/trending?window=1h")))).containsExactly("pan");

            JsonNode stranger = json(client.get("/v1/users/stranger/recommendations?k=2&explain=true"));
            assertThat(stranger.get("fallback").asBoolean()).isTrue();
            assertThat(ids(stranger)).containsExactly("pan", "rake");
            assertThat(stranger.at("/items/0/reasons/0").asText()).isEqualTo("trending");
            JsonNode inGarden = json(client.get("/v1/users/stranger/recommendations?category=garden&explain=true"));
            assertThat(inGarden.get("fallback").asBoolean()).isTrue();
            assertThat(ids(inGarden)).containsExactly("rake", "hose");
            assertThat(inGarden.at("/items/0/reasons/0").asText()).isEqualTo("trending in garden");

            // a deleted item leaves the trending lists and the fallback at once
            assertThat(TestApi.send(client, "DELETE", "/v1/items/rake", null, TestApi.ADMIN_KEY).code()).isEqualTo(204);
            assertThat(ids(json(client.get("/v1/trending?category=garden")))).containsExactly("hose");
            assertThat(ids(json(client.get("/v1/users/stranger/recommendations?k=2")))).containsExactly("pan", "hose");
        });
    }

    @Test
    void similarItemsByCosineOfTheFactorVectorsFilteredTheSameWay() throws Exception {
        publishItem("boot", 1, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 9f);       // bias never counts for similarity
        publishItem("boot-xl", 1, 2f, 0.2f, 0f, 0f, 0f, 0f, 0f, 0f, -3f); // same direction, longer
        publishItem("sandal", 1, 1f, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);     // 45°
        publishItem("mug", 1, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 0f, 0f);        // orthogonal
        publishItem("anti", 1, -1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);      // opposite
        ItemIndex index = TestApi.newIndex();
        Fixtures.await("index loaded", () -> Fixtures.indexed(index, "boot", "boot-xl", "sandal", "mug", "anti"));
        JavalinTest.test(TestApi.app(publisher, List.of(), index), (server, client) -> {
            JsonNode r = json(client.get("/v1/items/boot/similar?k=10&explain=true"));
            assertThat(r.get("itemId").asText()).isEqualTo("boot");
            assertThat(ids(r)).containsExactly("boot-xl", "sandal", "mug", "anti");
            assertThat(r.at("/items/0/score").asDouble()).isCloseTo(2 / Math.sqrt(4.04), within(1e-5));
            assertThat(r.at("/items/1/score").asDouble()).isCloseTo(Math.sqrt(0.5), within(1e-5));
            assertThat(r.at("/items/3/score").asDouble()).isCloseTo(-1, within(1e-5));
            assertThat(r.at("/items/0/reasons/0").asText()).isEqualTo("similar to boot");
            catalogue(client, "{\"itemId\":\"boot-xl\",\"category\":\"shoes\",\"available\":false}\n"
                    + "{\"itemId\":\"sandal\",\"category\":\"shoes\"}\n");
            assertThat(ids(json(client.get("/v1/items/boot/similar?k=2")))).containsExactly("sandal", "mug");
            assertThat(ids(json(client.get("/v1/items/boot/similar?category=shoes")))).containsExactly("sandal");
            var missing = client.get("/v1/items/unknown/similar");
            assertThat(missing.code()).isEqualTo(404);
            assertThat(json(missing).get("detail").asText()).contains("no vector for item 'unknown'");
        });
    }

    @Test
    void anItemVectorUpdatedInRedisShowsUpWithoutRestart() throws Exception {
        publishItem("lamp", 1, axis(3, 0.5f, 0f));
        publishItem("sofa", 1, axis(3, 2f, 0f));
        publishUser("u8", axis(3, 1f, 1f));
        ItemIndex index = TestApi.newIndex();
        Fixtures.await("index loaded", () -> Fixtures.indexed(index, "lamp", "sofa"));
        JavalinTest.test(TestApi.app(publisher, List.of(), index), (server, client) -> {
            assertThat(json(client.get("/v1/users/u8/recommendations?k=1")).at("/items/0/itemId").asText()).isEqualTo("sofa");
            publishItem("lamp", 2, axis(3, 3f, 0f)); // the job learned that lamps fit this user better
            Fixtures.await("lamp v2 applied", () -> index.topK(axis(3, 1f, 1f), 1, ItemIndex.Filter.NONE).get(0).itemId().equals("lamp"));
            assertThat(json(client.get("/v1/users/u8/recommendations?k=1")).at("/items/0/itemId").asText()).isEqualTo("lamp");
            publishItem("chair", 1, axis(3, 9f, 0f)); // a brand-new item
            Fixtures.await("chair applied", () -> index.hasVector("chair"));
            assertThat(json(client.get("/v1/users/u8/recommendations?k=1")).at("/items/0/itemId").asText()).isEqualTo("chair");
        });
    }
}
