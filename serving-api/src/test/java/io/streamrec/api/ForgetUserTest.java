package io.streamrec.api;

import static io.streamrec.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import io.streamrec.core.event.EventType;
import io.streamrec.core.redis.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** DELETE /v1/users/{id}: every key about the user gone (checked by scanning Redis) and a tombstone sent. */
class ForgetUserTest {
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    @BeforeEach
    void cleanRedis() {
        TestApi.redis().flushAll();
    }

    /** Every key whose name mentions the user, found by a full SCAN (not by the key layout's list). */
    static List<String> keysMentioning(String userId) {
        List<String> found = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = TestApi.redis().scan(cursor, new ScanParams().count(1000));
            page.getResult().stream().filter(k -> k.contains(userId)).forEach(found::add);
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return found;
    }

    static void seedUser(String userId) {
        Fixtures.publishUser(userId, Fixtures.axis(0, 1f, 1f));
        Fixtures.publishLists(userId, io.streamrec.core.interest.UserLists.empty(3, 0).withRecent("i1", 1.0).withBought("i2", 1));
        TestApi.redis().zadd(RedisKeys.legacyUserKeys(userId).get(0), Map.of("i1", 1.0)); // kept by an earlier release
        TestApi.redis().hset(RedisKeys.userMeta(userId), Map.of("recent.version", "3"));
        TestApi.redis().set(RedisKeys.userRebuy(userId).getBytes(StandardCharsets.UTF_8),
                io.streamrec.core.model.RepurchaseCodec.encode(new io.streamrec.core.model.RepurchaseState(), 1));
    }

    @Test
    void removesEveryKeyOfTheUserAndNoOneElsesAndSendsATombstone() {
        seedUser("alice:{x}*");
        seedUser("bob");
        assertThat(keysMentioning("alice:{x}*")).hasSize(5); // buy-again cycles included
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            var r = TestApi.send(client, "DELETE", "/v1/users/alice:%7Bx%7D*", null, TestApi.ADMIN_KEY);
            assertThat(r.code()).isEqualTo(202);
            var body = json(r);
            assertThat(body.get("userId").asText()).isEqualTo("alice:{x}*");
            assertThat(body.get("redisKeysDeleted").asLong()).isEqualTo(5);
            assertThat(body.get("tombstoneSent").asBoolean()).isTrue();
            assertThat(keysMentioning("alice")).isEmpty();
            assertThat(keysMentioning("bob")).hasSize(5);
            assertThat(publisher.published).singleElement().satisfies(e -> {
                assertThat(e.type).isEqualTo(EventType.FORGET_USER);
                assertThat(e.userId).isEqualTo("alice:{x}*");
                assertThat(e.itemId).isNull();
            });
            // repeating it is harmless; the user now gets the fallback like any stranger
            assertThat(TestApi.send(client, "DELETE", "/v1/users/alice:%7Bx%7D*", null, TestApi.ADMIN_KEY).code()).isEqualTo(202);
            assertThat(json(client.get("/v1/users/alice:%7Bx%7D*/recommendations")).get("fallback").asBoolean()).isTrue();
            assertThat(json(client.get("/v1/users/alice:%7Bx%7D*/buy-again")).get("fallback").asBoolean()).isTrue();
        });
    }

    @Test
    void kafkaDownMeans503AndNothingDeleted() {
        seedUser("carol");
        publisher.failing = true;
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            var r = TestApi.send(client, "DELETE", "/v1/users/carol", null, TestApi.ADMIN_KEY);
            assertThat(r.code()).isEqualTo(503);
            assertThat(r.headers().get("Retry-After")).containsExactly("5");
            assertThat(json(r).get("detail").asText()).startsWith("user not forgotten");
            assertThat(keysMentioning("carol")).hasSize(5);
        });
    }

    @Test
    void clientsCannotSendTheTombstoneAsAnEvent() {
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            var r = TestApi.postRaw(client, "/v1/events", "{\"userId\":\"u\",\"type\":\"forget_user\",\"ts\":1}");
            assertThat(r.code()).isEqualTo(400);
            assertThat(json(r).get("detail").asText()).startsWith("type: unknown event type 'forget_user'");
            assertThat(publisher.published).isEmpty();
        });
        assertThat(new String(RedisKeys.userKeyPattern("a*").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo("sr:{u:a\\*}:*");
    }
}
