package io.streamrec.api;

import static io.streamrec.api.Fixtures.axis;
import static io.streamrec.api.Fixtures.ids;
import static io.streamrec.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.testtools.JavalinTest;
import io.streamrec.api.auth.AuthSettings;
import io.streamrec.api.auth.Limits;
import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.UserPseudonyms;
import io.streamrec.core.rank.RankConfig;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.vector.VectorCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * privacy.user-id-hmac-key: events reach Kafka under pseudonyms, reads find the pseudonym's state while
 * answering with the caller's id, and forget-user removes the pseudonym's keys; no raw id is stored.
 */
class PrivacyTest {
    static final String KEY = "pepper-0123456789abcdef0123456789";
    static final String RAW = "customer-12748";
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    static List<String> redisKeysContaining(String text) {
        List<String> found = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = TestApi.redis().scan(cursor, new ScanParams().match("*").count(1000));
            page.getResult().stream().filter(k -> k.contains(text)).forEach(found::add);
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return found;
    }

    @Test
    void userIdsAreStoredAsPseudonymsEverywhereTheApiWrites() {
        UserPseudonyms p = UserPseudonyms.of(KEY);
        String stored = p.stored(RAW);
        assertThat(stored).startsWith("p-").isNotEqualTo(RAW).isEqualTo(UserPseudonyms.of(KEY).stored(RAW))
                .isNotEqualTo(UserPseudonyms.of(KEY + "x").stored(RAW));
        ApiSettings base = TestApi.settings(RankConfig.modelOnly(), List.of(), AuthSettings.secretKeysOnly(true));
        ApiSettings s = new ApiSettings(base.host(), base.port(), base.maxBodyBytes(), base.maxBatch(), base.defaultK(),
                base.maxK(), base.trendingShortHalfLifeMillis(), base.trendingLongHalfLifeMillis(), base.changeFeedMaxLen(),
                base.adminKeys(), base.writeKeys(), base.readKeys(), base.rank(), base.recommend(), base.auth(),
                Limits.DEFAULTS, p);
        var index = TestApi.newIndex();
        JavalinTest.test(TestApi.app(s, publisher, TestApi.redis(), List.of(), index), (server, client) -> {
            assertThat(TestApi.postRaw(client, "/v1/events", "{\"userId\":\"" + RAW
                    + "\",\"itemId\":\"tent\",\"type\":\"view\",\"ts\":1}").code()).isEqualTo(202);
            assertThat(publisher.published).extracting(e -> e.userId).containsExactly(stored);

            Fixtures.publishItem("tent", 1, axis(0, 1f, 0.5f));
            Fixtures.publishItem("map", 1, axis(1, 1f, 0.1f));
            Fixtures.await("indexed", () -> Fixtures.indexed(index, "tent", "map"));
            // the job writes under the id it received: the pseudonym
            TestApi.redis().set(RedisKeys.userVector(stored).getBytes(StandardCharsets.UTF_8),
                    VectorCodec.encode(axis(0, 2f, 1f), 1, 0));
            Fixtures.publishLists(stored, Fixtures.recent("map"));
            var recs = json(client.get("/v1/users/" + RAW + "/recommendations?k=2"));
            assertThat(recs.get("userId").asText()).as("the caller's own id").isEqualTo(RAW);
            assertThat(recs.get("fallback").asBoolean()).as("the pseudonym's vector was found").isFalse();
            assertThat(ids(recs)).as("its recent items excluded").containsExactly("tent");
            assertThat(redisKeysContaining(RAW)).isEmpty();

            assertThat(TestApi.send(client, "DELETE", "/v1/users/" + RAW, null, TestApi.ADMIN_KEY).code()).isEqualTo(202);
            assertThat(publisher.published.get(1).type).isEqualTo(EventType.FORGET_USER);
            assertThat(publisher.published.get(1).userId).isEqualTo(stored);
            assertThat(redisKeysContaining(stored)).as("a SCAN of Redis after forget-user").isEmpty();
        });
    }

    @Test
    void theKeyIsValidatedAndNeverPrinted() {
        assertThatThrownBy(() -> ApiSettings.from(StreamrecConfig.load(null, Map.of(), Map.of("api.admin-keys",
                "long-enough-admin-key", "privacy.user-id-hmac-key", "short"))))
                .hasMessageContaining("privacy.user-id-hmac-key: the key must be at least 32 characters");
        assertThat(StreamrecConfig.load(null, Map.of(), Map.of("privacy.user-id-hmac-key", KEY)).describe())
                .doesNotContain(KEY).contains("privacy.user-id-hmac-key = <set>");
    }
}
