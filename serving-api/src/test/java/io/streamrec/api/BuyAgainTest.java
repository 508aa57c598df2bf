package io.streamrec.api;

import static io.streamrec.api.Fixtures.axis;
import static io.streamrec.api.Fixtures.ids;
import static io.streamrec.api.Fixtures.json;
import static io.streamrec.api.Fixtures.publishItem;
import static io.streamrec.api.Fixtures.publishUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.model.Repurchase;
import io.streamrec.core.model.RepurchaseCodec;
import io.streamrec.core.model.RepurchaseState;
import io.streamrec.core.rank.RankConfig;
import io.streamrec.core.redis.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /v1/users/{id}/buy-again and include=repeats in recommendations, against a real Redis. */
class BuyAgainTest {
    static final long DAY = 86_400_000L;
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    @BeforeEach
    void cleanRedis() {
        TestApi.redis().flushAll();
    }

    /** Publishes the cycles the job would have learned from these purchases (item, days ago). */
    static void purchases(String user, Object... itemAndDaysAgo) {
        RepurchaseState s = new RepurchaseState();
        Repurchase model = Repurchase.defaults();
        long now = System.currentTimeMillis();
        for (int i = 0; i < itemAndDaysAgo.length; i += 2) {
            long ts = now - ((Number) itemAndDaysAgo[i + 1]).longValue() * DAY;
            model.update(s, new Event(null, user, (String) itemAndDaysAgo[i], EventType.PURCHASE, ts, 1.0, null, null));
        }
        TestApi.redis().set(RedisKeys.userRebuy(user).getBytes(StandardCharsets.UTF_8), RepurchaseCodec.encode(s, now));
    }

    static ItemIndex indexWith(String... items) throws InterruptedException {
        for (String item : items) {
            publishItem(item, 1, axis(0, 0.5f, 0f));
        }
        ItemIndex index = TestApi.newIndex();
        Fixtures.await("index loaded", () -> Fixtures.indexed(index, items));
        return index;
    }

    @Test
    void ranksTheUsersOwnItemsByCycleWithReasons() throws Exception {
        // coffee every 3 weeks, last 3 weeks ago: due; filters bought once; mugs every 3 weeks but just bought
        purchases("u1", "coffee", 63, "coffee", 42, "coffee", 21, "filters", 5, "mugs", 42, "mugs", 21, "mugs", 0,
                "gone", 30, "gone", 9);
        ItemIndex index = indexWith("coffee", "filters", "mugs", "gone", "popular");
        JavalinTest.test(TestApi.app(publisher, List.of(), index), (server, client) -> {
            RecommendationsTest.catalogue(client, "[{\"itemId\":\"gone\",\"available\":false}]");
            var r = client.get("/v1/users/u1/buy-again?k=3");
            assertThat(r.code()).isEqualTo(200);
            JsonNode body = json(r);
            assertThat(body.get("userId").asText()).isEqualTo("u1");
            assertThat(body.get("fallback").asBoolean()).isFalse();
            assertThat(ids(body)).containsExactly("coffee", "mugs", "filters"); // "gone" is unavailable
            assertThat(body.at("/items/0/reasons/0").asText()).isEqualTo("you buy this every ~3 weeks, due about now");
            assertThat(body.at("/items/0/everyDays").asDouble()).isCloseTo(21, within(0.01));
            assertThat(body.at("/items/0/lastPurchaseTs").asLong()).isLessThan(System.currentTimeMillis() - 20 * DAY);
            assertThat(body.at("/items/1/reasons/0").asText()).isEqualTo("you buy this every ~3 weeks");
            assertThat(body.at("/items/2/reasons/0").asText()).isEqualTo("you bought this before");
            assertThat(body.at("/items/2").has("everyDays")).isFalse();
            assertThat(ids(json(client.get("/v1/users/u1/buy-again?k=1")))).containsExactly("coffee");
        });
    }

    @Test
    void aUserWithoutPurchasesGetsTheColdStartList() throws Exception {
        ItemIndex index = indexWith("popular", "other");
        Fixtures.trend("24h", null, "popular", 5, System.currentTimeMillis());
        Fixtures.trend("24h", null, "other", 1, System.currentTimeMillis());
        JavalinTest.test(TestApi.app(publisher, List.of(), index), (server, client) -> {
            JsonNode body = json(client.get("/v1/users/stranger/buy-again?k=5"));
            assertThat(body.get("fallback").asBoolean()).isTrue();
            assertThat(ids(body)).containsExactly("popular", "other");
            assertThat(body.at("/items/0/reasons/0").asText()).isEqualTo("popular right now");
            // a state that is not the job's counts as none
            TestApi.redis().set(RedisKeys.userRebuy("odd"), "not binary");
            assertThat(json(client.get("/v1/users/odd/buy-again")).get("fallback").asBoolean()).isTrue();
        });
    }

    @Test
    void kOutOfRangeIsA400WithTheSharedErrorShape() {
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            for (String k : List.of("0", "501", "-1", "abc")) {
                var r = client.get("/v1/users/u1/buy-again?k=" + k);
                assertThat(r.code()).as("k=" + k).isEqualTo(400);
                JsonNode e = json(r);
                assertThat(e.get("status").asInt()).isEqualTo(400);
                assertThat(e.has("title")).isTrue();
                assertThat(e.get("detail").asText()).startsWith("k: must be");
            }
        });
    }

    @Test
    void readsNeedASecretKeyOrThatUsersTokenLikeRecommendations() {
        JavalinTest.test(TestApi.app(TestApi.settings(RankConfig.modelOnly(), List.of(), WebClientAccessTest.AUTH),
                publisher, TestApi.redis(), List.of(), TestApi.newIndex()), (server, client) -> {
            String path = "/v1/users/u1/buy-again";
            assertThat(WebClientAccessTest.call(client, "GET", path, null, null, null, null).code()).isEqualTo(401);
            assertThat(WebClientAccessTest.call(client, "GET", path, null, TestApi.READ_KEY, null, null).code())
                    .as("an unknown key").isEqualTo(401);
            assertThat(WebClientAccessTest.call(client, "GET", path, null, TestApi.WRITE_KEY, null, null).code()).isEqualTo(200);
            assertThat(WebClientAccessTest.call(client, "GET", path, null, null, WebClientAccessTest.token("u1"), null)
                    .code()).isEqualTo(200);
            assertThat(WebClientAccessTest.call(client, "GET", path, null, null, WebClientAccessTest.token("u2"), null)
                    .code()).isEqualTo(403);
        });
    }

    @Test
    void includeRepeatsPutsDueItemsFirstAndTheRankedOnesAfter() throws Exception {
        publishItem("coffee", 1, axis(0, 0.1f, 0f));
        publishItem("tea", 1, axis(0, 0.2f, 0f));
        publishItem("cake", 1, axis(0, 1f, 0f));
        publishItem("jam", 1, axis(0, 0.9f, 0f));
        publishUser("u2", axis(0, 2f, 1f));
        Fixtures.publishLists("u2", io.streamrec.core.interest.UserLists.empty(1, 0).withBought("coffee", 1).withBought("tea", 1));
        purchases("u2", "coffee", 28, "coffee", 14, "tea", 3);
        ItemIndex index = TestApi.newIndex();
        Fixtures.await("index loaded", () -> Fixtures.indexed(index, "coffee", "tea", "cake", "jam"));
        JavalinTest.test(TestApi.app(publisher, List.of(), index), (server, client) -> {
            // by default bought items stay out
            assertThat(ids(json(client.get("/v1/users/u2/recommendations?k=4")))).containsExactly("cake", "jam");
            // k=4: the user's two repeats first (the default share 1.0 lets them take the whole list), then the ranked items
            JsonNode body = json(client.get("/v1/users/u2/recommendations?k=4&include=repeats&explain=true"));
            assertThat(ids(body)).containsExactly("coffee", "tea", "cake", "jam");
            assertThat(body.at("/items/0/reasons/0").asText()).isEqualTo("you buy this every ~2 weeks, due about now");
            assertThat(body.at("/items/1/reasons/0").asText()).isEqualTo("you bought this before");
            // k=2: the two repeats fill it; with exclude=none nothing appears twice
            assertThat(ids(json(client.get("/v1/users/u2/recommendations?k=2&include=repeats")))).containsExactly("coffee", "tea");
            JsonNode all = json(client.get("/v1/users/u2/recommendations?k=4&include=repeats&exclude=none"));
            assertThat(ids(all)).doesNotHaveDuplicates().startsWith("coffee", "tea");
            var bad = client.get("/v1/users/u2/recommendations?include=everything");
            assertThat(bad.code()).isEqualTo(400);
            assertThat(json(bad).get("detail").asText()).isEqualTo("include: must be repeats, got 'everything'");
        });
    }
}
