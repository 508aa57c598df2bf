package io.streamrec.api;

import static io.streamrec.api.Fixtures.axis;
import static io.streamrec.api.Fixtures.ids;
import static io.streamrec.api.Fixtures.json;
import static io.streamrec.api.Fixtures.publishItem;
import static io.streamrec.api.Fixtures.publishUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.CoOccurrenceCodec;
import io.streamrec.core.rank.RankConfig;
import io.streamrec.core.redis.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recommendations with co-occurrence (rank.cooccurrence-share) from what the job publishes, against a real Redis. */
class CooccurrenceRecommendTest {
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    @BeforeEach
    void cleanRedis() {
        TestApi.redis().flushAll();
    }

    static ApiSettings withShare(double share) {
        ApiSettings s = TestApi.settings(RankConfig.modelOnly(), List.of());
        return new ApiSettings(s.host(), s.port(), s.maxBodyBytes(), s.maxBatch(), s.defaultK(), s.maxK(),
                s.trendingShortHalfLifeMillis(), s.trendingLongHalfLifeMillis(), s.changeFeedMaxLen(), s.adminKeys(),
                s.writeKeys(), s.readKeys(), s.rank(), s.recommend(), s.auth(), s.limits(), s.pseudonyms(), s.rebuy(),
                s.repeatShare(), share);
    }

    static void neighbours(String item, Object... idAndShare) {
        List<CoOccurrence.Neighbour> list = new java.util.ArrayList<>();
        for (int i = 0; i < idAndShare.length; i += 2) {
            list.add(new CoOccurrence.Neighbour((String) idAndShare[i], ((Number) idAndShare[i + 1]).doubleValue()));
        }
        TestApi.redis().hset(RedisKeys.ITEM_COOCCURRENCE.getBytes(StandardCharsets.UTF_8),
                item.getBytes(StandardCharsets.UTF_8), CoOccurrenceCodec.encode(1, list));
    }

    @Test
    void itemsBoughtWithTheUsersRecentItemsMoveUpByTheirShare() throws Exception {
        publishItem("bread", 1, axis(0, 1f, 0f));
        publishItem("butter", 1, axis(0, 0.5f, 0f));
        publishItem("jam", 1, axis(0, 0.4f, 0f));
        publishItem("toast", 1, axis(0, 0.3f, 0f));
        publishUser("u3", axis(0, 2f, 1f));
        Fixtures.publishLists("u3", Fixtures.recent("toast"));
        ItemIndex index = TestApi.newIndex();
        Fixtures.await("index loaded", () -> Fixtures.indexed(index, "bread", "butter", "jam", "toast"));
        JavalinTest.test(TestApi.app(withShare(0.3), publisher, TestApi.redis(), List.of(), index), (server, client) -> {
            // nothing published for toast yet: the model's order, toast left out as seen
            assertThat(ids(json(client.get("/v1/users/u3/recommendations?k=3")))).containsExactly("bread", "butter", "jam");
            neighbours("toast", "jam", 0.9, "toast-rack", 0.5); // toast-rack: no vector, co-occurrence alone
            JsonNode body = json(client.get("/v1/users/u3/recommendations?k=3&explain=true"));
            assertThat(ids(body)).containsExactly("jam", "bread", "butter");
            assertThat(body.at("/items/0/reasons").toString()).contains("often taken together with your recent items");
            // a value the job did not write is no list
            TestApi.redis().hset(RedisKeys.ITEM_COOCCURRENCE, "toast", "garbage");
            assertThat(ids(json(client.get("/v1/users/u3/recommendations?k=3")))).containsExactly("bread", "butter", "jam");
        });
        neighbours("toast", "jam", 0.9);
        ItemIndex again = TestApi.newIndex();
        Fixtures.await("index loaded", () -> Fixtures.indexed(again, "bread", "butter", "jam", "toast"));
        JavalinTest.test(TestApi.app(withShare(0), publisher, TestApi.redis(), List.of(), again), (server, client) ->
                // share 0: co-occurrence is not read, the model's order stays
                assertThat(ids(json(client.get("/v1/users/u3/recommendations?k=3"))))
                        .containsExactly("bread", "butter", "jam"));
    }
}
