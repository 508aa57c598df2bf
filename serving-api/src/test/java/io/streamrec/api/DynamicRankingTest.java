package io.streamrec.api;

import static io.streamrec.api.Fixtures.axis;
import static io.streamrec.api.Fixtures.ids;
import static io.streamrec.api.Fixtures.json;
import static io.streamrec.api.Fixtures.publishItem;
import static io.streamrec.api.Fixtures.trend;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.vector.VectorCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shipped ranking through the API: interests blended in, fading, exploration, seeds, reasons. */
class DynamicRankingTest {
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    @BeforeEach
    void cleanRedis() {
        TestApi.redis().flushAll();
    }

    /** Kitchen items the model likes for ann, garden items it does not, toys nobody has touched. */
    static ItemIndex seed(io.javalin.testtools.HttpClient client, long now) throws Exception {
        StringBuilder catalogue = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            publishItem("kitchen-" + i, 1, axis(0, 1f - i * 0.05f, 0f));
            publishItem("garden-" + i, 1, axis(1, 1f - i * 0.05f, 0f));
            catalogue.append("{\"itemId\":\"kitchen-").append(i).append("\",\"category\":\"kitchen\"}\n");
            catalogue.append("{\"itemId\":\"garden-").append(i).append("\",\"category\":\"garden\"}\n");
            trend("24h", "garden", "garden-" + i, 8 - i, now);
        }
        for (int i = 0; i < 3; i++) {
            publishItem("toy-" + i, 1, axis(2, 1f, 0f));
            catalogue.append("{\"itemId\":\"toy-").append(i).append("\",\"category\":\"toys\"}\n");
            trend("24h", "toys", "toy-" + i, 3 - i, now);
        }
        assertThat(TestApi.send(client, "POST", "/v1/items", catalogue.toString(), TestApi.ADMIN_KEY).code()).isEqualTo(200);
        TestApi.redis().set(RedisKeys.userVector("ann").getBytes(StandardCharsets.UTF_8),
                VectorCodec.encode(axis(0, 3f, 1f), 100, 0));
        return null;
    }

    /** Publishes the user's interests at {@code refTs}: per category "short long". */
    static void interests(String user, long refTs, Map<String, String> byCategory) {
        io.streamrec.core.interest.UserLists lists = io.streamrec.core.interest.UserLists.empty(1, refTs);
        for (Map.Entry<String, String> c : new java.util.TreeMap<>(byCategory).entrySet()) {
            String[] v = c.getValue().split(" ");
            lists = lists.withInterest(c.getKey(), Double.parseDouble(v[0]), Double.parseDouble(v[1]));
        }
        Fixtures.publishLists(user, lists);
    }

    static long count(JsonNode body, String prefix) {
        return ids(body).stream().filter(id -> id.startsWith(prefix)).count();
    }

    @Test
    void aHotSessionPullsItsCategoryInAndItFadesAsTheSessionCools() throws Exception {
        long now = System.currentTimeMillis();
        ItemIndex index = TestApi.newIndex();
        JavalinTest.test(TestApi.app(TestApi.DYNAMIC, publisher, TestApi.redis(), List.of(), index), (server, client) -> {
            seed(client, now);
            Fixtures.await("index loaded", () -> Fixtures.indexed(index, "kitchen-7", "garden-7", "toy-2")
                    && index.categories().size() == 3);
            interests("ann", now, Map.of("kitchen", "0.0 40.0"));
            JsonNode calm = json(client.get("/v1/users/ann/recommendations?k=10&seed=1&explain=true"));
            assertThat(calm.get("fallback").asBoolean()).isFalse();
            assertThat(count(calm, "kitchen-")).isGreaterThanOrEqualTo(6);

            // a burst of garden views a moment ago: short-term interest in garden
            interests("ann", now, Map.of("kitchen", "0.0 40.0", "garden", "8.0 8.0"));
            JsonNode hot = json(client.get("/v1/users/ann/recommendations?k=10&seed=1&explain=true"));
            assertThat(count(hot, "garden-")).as(hot.toString()).isGreaterThanOrEqualTo(3);
            List<String> gardenReasons = new ArrayList<>();
            hot.get("items").forEach(i -> {
                if (i.get("itemId").asText().startsWith("garden-")) {
                    i.get("reasons").forEach(r -> gardenReasons.add(r.asText()));
                }
            });
            assertThat(gardenReasons).contains("your current interest in garden");

            // the same weights published three short half-lives (90 minutes) ago: the session has cooled
            interests("ann", now - 90 * 60_000, Map.of("kitchen", "0.0 40.0", "garden", "8.0 8.0"));
            JsonNode cooled = json(client.get("/v1/users/ann/recommendations?k=10&seed=1&explain=true"));
            assertThat(count(cooled, "garden-")).isLessThan(count(hot, "garden-"));
        });
    }

    @Test
    void newUsersExploreCategoriesReproduciblyWithASeed() throws Exception {
        long now = System.currentTimeMillis();
        ItemIndex index = TestApi.newIndex();
        JavalinTest.test(TestApi.app(TestApi.DYNAMIC, publisher, TestApi.redis(), List.of(), index), (server, client) -> {
            seed(client, now);
            Fixtures.await("index loaded", () -> Fixtures.indexed(index, "toy-2") && index.categories().size() == 3);
            // a new user who has only looked at garden things: garden is an interest, kitchen and toys are to explore
            interests("newbie", now, Map.of("garden", "3.0 3.0"));
            String url = "/v1/users/newbie/recommendations?k=10&explain=true&seed=";
            JsonNode a = json(client.get(url + 42));
            JsonNode b = json(client.get(url + 42));
            assertThat(ids(a)).isEqualTo(ids(b)).hasSize(10);
            assertThat(a.get("fallback").asBoolean()).isTrue(); // no vector yet
            List<String> explored = new ArrayList<>();
            int seeds = 0;
            for (long seed = 0; seed < 20; seed++) {
                for (JsonNode i : json(client.get(url + seed)).get("items")) {
                    if (i.get("reasons").get(0).asText().startsWith("exploring")) {
                        explored.add(i.get("itemId").asText());
                        assertThat(i.get("itemId").asText()).doesNotStartWith("garden-");
                    }
                }
                seeds++;
            }
            // a new user explores about 20% of the list: 2 of 10 items on average
            assertThat(explored.size()).isBetween(seeds, seeds * 3);
            assertThat(explored).anyMatch(id -> id.startsWith("toy-"));
        });
    }
}
