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
import io.streamrec.api.recommend.RecommendationService;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.CoOccurrenceCodec;
import io.streamrec.core.rank.BlendLearner;
import io.streamrec.core.rank.BlendWeights;
import io.streamrec.core.rank.RankConfig;
import io.streamrec.core.rank.ServedList;
import io.streamrec.core.redis.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The learned blend in the API, against a real Redis: every list served is handed over with its items' parts
 * for the job to learn from, and the weights the job publishes to {@code sr:{blend}:weights} reorder the
 * lists (read in the background, cached), with the version on /metrics.
 */
class LearnedBlendTest {
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    @BeforeEach
    void cleanRedis() {
        TestApi.redis().flushAll();
    }

    static ApiSettings settings(boolean learned) {
        ApiSettings s = CooccurrenceRecommendTest.withShare(0.3);
        RecommendationService.Settings r = s.recommend();
        return withRecommend(s, new RecommendationService.Settings(r.candidates(), r.shortHalfLifeMillis(),
                r.longHalfLifeMillis(), r.exploreHalfLifeMillis(), r.trendingMaxAgeMillis(), learned, 50, 40));
    }

    /** {@code s} with other recommendation settings. */
    static ApiSettings withRecommend(ApiSettings s, RecommendationService.Settings r) {
        return new ApiSettings(s.host(), s.port(), s.maxBodyBytes(), s.maxBatch(), s.defaultK(), s.maxK(),
                s.trendingShortHalfLifeMillis(), s.trendingLongHalfLifeMillis(), s.changeFeedMaxLen(), s.adminKeys(),
                s.writeKeys(), s.readKeys(), s.rank(), r, s.auth(), s.limits(), s.pseudonyms(), s.rebuy(),
                s.repeatShare(), s.cooccurrenceShare());
    }

    /** Publishes weights as the job does: every weight 1 but co-occurrence's, in every segment. */
    static void publishWeights(long version, double cooccurrence) {
        double[][] w = new double[BlendLearner.SEGMENTS][BlendLearner.N];
        for (double[] row : w) {
            java.util.Arrays.fill(row, 1);
            row[BlendLearner.SIGNALS.indexOf("cooccurrence")] = cooccurrence;
        }
        byte[] key = RedisKeys.BLEND_WEIGHTS.getBytes(StandardCharsets.UTF_8);
        TestApi.redis().hset(key, Map.of("lineage".getBytes(StandardCharsets.UTF_8), "l1".getBytes(StandardCharsets.UTF_8),
                "version".getBytes(StandardCharsets.UTF_8), Long.toString(version).getBytes(StandardCharsets.UTF_8),
                "weights".getBytes(StandardCharsets.UTF_8), new BlendWeights.Snapshot(version, w).encode()));
    }

    static String metrics(io.javalin.testtools.HttpClient client) {
        return client.get("/metrics").body().string();
    }

    static void setUp() {
        publishItem("bread", 1, axis(0, 1f, 0f));
        publishItem("butter", 1, axis(0, 0.5f, 0f));
        publishItem("jam", 1, axis(0, 0.4f, 0f));
        publishItem("toast", 1, axis(0, 0.3f, 0f));
        publishItem("honey", 1, axis(0, 0.2f, 0f));
        publishUser("u3", axis(0, 2f, 1f));
        Fixtures.publishLists("u3", Fixtures.recent("toast"));
        TestApi.redis().hset(RedisKeys.ITEM_COOCCURRENCE.getBytes(StandardCharsets.UTF_8),
                "toast".getBytes(StandardCharsets.UTF_8),
                CoOccurrenceCodec.encode(1, List.of(new CoOccurrence.Neighbour("jam", 0.9))));
    }

    @Test
    void everyListServedIsHandedOverWithItsPartsAndTheRunnersUp() throws Exception {
        setUp();
        ItemIndex index = TestApi.newIndex();
        Fixtures.await("index loaded", () -> Fixtures.indexed(index, "bread", "butter", "jam", "toast", "honey"));
        JavalinTest.test(TestApi.app(settings(true), publisher, TestApi.redis(), List.of(), index), (server, client) -> {
            JsonNode body = json(client.get("/v1/users/u3/recommendations?k=2"));
            assertThat(ids(body)).containsExactly("jam", "bread");
            Fixtures.await("served list handed over", () -> publisher.served.size() == 1);
            ServedList l = publisher.served.get(0);
            assertThat(l.userId()).isEqualTo("u3");
            assertThat(l.recId()).isEqualTo(body.get("recId").asText());
            assertThat(l.weightsVersion()).isZero(); // nothing learned yet: the hand-set blend
            assertThat(l.items()).extracting(ServedList.Item::itemId).containsExactly("jam", "bread", "butter", "honey");
            assertThat(l.items()).extracting(ServedList.Item::shown).containsExactly(true, true, false, false);
            ServedList.Item jam = l.items().get(0);
            assertThat(jam.parts()).hasSize(BlendLearner.N);
            assertThat(jam.parts()[BlendLearner.SIGNALS.indexOf("cooccurrence")]).isPositive();
            assertThat(jam.segment()).isBetween(0, BlendLearner.SEGMENTS - 1);
            // the job answers it with what the user takes next: a runner-up taken counts against the items shown
            assertThat(l.feedback("butter").others()).hasSize(2);
        });
    }

    @Test
    void publishedWeightsReorderTheListsAndAHandSetVariantIgnoresThem() throws Exception {
        setUp();
        ItemIndex index = TestApi.newIndex();
        Fixtures.await("index loaded", () -> Fixtures.indexed(index, "bread", "butter", "jam", "toast", "honey"));
        JavalinTest.test(TestApi.app(settings(true), publisher, TestApi.redis(), List.of(), index), (server, client) -> {
            assertThat(ids(json(client.get("/v1/users/u3/recommendations?k=3")))).containsExactly("jam", "bread", "butter");
            publishWeights(7, 0); // the job learned that co-occurrence carries nothing here
            Fixtures.await("weights read", () -> metrics(client)
                    .contains("streamrec_blend_weights_version 7.0"));
            JsonNode body = json(client.get("/v1/users/u3/recommendations?k=3&explain=true"));
            assertThat(ids(body)).containsExactly("bread", "butter", "jam");
            assertThat(body.at("/items/2/reasons").toString()).doesNotContain("together");
            String metrics = metrics(client);
            assertThat(metrics).contains("streamrec_blend_weight{segment=\"history <2, evidence <5\",signal=\"cooccurrence\"} 0.0");
            Fixtures.await("served lists handed over", () -> publisher.served.size() == 2);
            assertThat(publisher.served.get(1).weightsVersion()).isEqualTo(7);
            // malformed weights are not read: the last good set stays
            TestApi.redis().hset(RedisKeys.BLEND_WEIGHTS, Map.of("version", "8", "weights", "garbage"));
            Fixtures.await("bad weights refused", () -> metrics(client)
                    .matches("(?s).*streamrec_blend_weights_read_failures_total [1-9].*"));
            assertThat(ids(json(client.get("/v1/users/u3/recommendations?k=3")))).containsExactly("bread", "butter", "jam");
        });
        ItemIndex again = TestApi.newIndex();
        Fixtures.await("index loaded", () -> Fixtures.indexed(again, "bread", "butter", "jam", "toast", "honey"));
        publishWeights(9, 0);
        JavalinTest.test(TestApi.app(settings(false), publisher, TestApi.redis(), List.of(), again), (server, client) -> {
            // rank.blend = hand-set: the weights are read (and lists still handed over) but not applied
            Fixtures.await("weights read", () -> metrics(client)
                    .contains("streamrec_blend_weights_version 9.0"));
            assertThat(ids(json(client.get("/v1/users/u3/recommendations?k=3")))).containsExactly("jam", "bread", "butter");
        });
    }

    /** rank.item-evidence: a barely-seen item's model score leans towards the other candidates' (ItemEvidence). */
    @Test
    void itemEvidenceShrinksTheScoreOfABarelySeenItem() throws Exception {
        publishItem("fresh", 1, axis(0, 1f, 0f)); // the best dot product, from one update
        publishItem("known", 500, axis(0, 0.8f, 0f));
        publishItem("weak", 500, axis(0, 0.1f, 0f));
        publishUser("u5", axis(0, 2f, 0f));
        ItemIndex index = TestApi.newIndex();
        Fixtures.await("index loaded", () -> Fixtures.indexed(index, "fresh", "known", "weak"));
        ApiSettings plain = TestApi.settings(RankConfig.modelOnly(), List.of());
        RecommendationService.Settings r = plain.recommend();
        ApiSettings shrunk = withRecommend(plain, new RecommendationService.Settings(r.candidates(),
                r.shortHalfLifeMillis(), r.longHalfLifeMillis(), r.exploreHalfLifeMillis(), r.trendingMaxAgeMillis(),
                false, 50, 40, 10));
        JavalinTest.test(TestApi.app(plain, publisher, TestApi.redis(), List.of(), index), (server, client) ->
                assertThat(ids(json(client.get("/v1/users/u5/recommendations?k=3")))).containsExactly("fresh", "known", "weak"));
        ItemIndex again = TestApi.newIndex();
        Fixtures.await("index loaded", () -> Fixtures.indexed(again, "fresh", "known", "weak"));
        JavalinTest.test(TestApi.app(shrunk, publisher, TestApi.redis(), List.of(), again), (server, client) ->
                assertThat(ids(json(client.get("/v1/users/u5/recommendations?k=3")))).containsExactly("known", "fresh", "weak"));
    }

    @Test
    void aVariantMaySetTheBlend() {
        assertThat(RankConfig.OVERRIDABLE).contains("rank.blend");
        assertThat(RankConfig.defaults().withOverrides(Map.of("rank.blend", "hand-set"))).isEqualTo(RankConfig.defaults());
    }
}
