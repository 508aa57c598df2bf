package io.streamrec.api;

import static io.streamrec.api.Fixtures.axis;
import static io.streamrec.api.Fixtures.ids;
import static io.streamrec.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.core.kernel.ScanPool;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.vector.VectorCodec;
import io.streamrec.stack.EmbeddedRedisCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The API on a real three-master Redis Cluster: the item feed, catalogue writes (a Lua script on the
 * {items} slot), recommendations and forget-user work as on one server; a master killed mid-stream
 * gives fallback answers, never a 5xx, and the API recovers when it returns, without a restart.
 */
class RedisClusterApiTest {
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    static void publishUser(UnifiedJedis redis, String id, float... query) {
        redis.set(RedisKeys.userVector(id).getBytes(StandardCharsets.UTF_8), VectorCodec.encode(query, 1, 0));
    }

    @Test
    void servesFromAClusterDegradesWhenAMasterDiesAndRecovers() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start(
                Path.of("target/api-redis-cluster-" + ProcessHandle.current().pid()), 3);
             UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(cluster.url(), 300, 8, 300, "api-test"))) {
            ItemIndex index = new ItemIndex(redis, TestApi.WIDTH, 100_000, 20, 0, new ScanPool(2, 1), lag -> { });
            JavalinTest.test(TestApi.app(TestApi.SETTINGS, publisher, redis, List.of(), index), (server, client) -> {
                Fixtures.publishItem(redis, "a", 1, axis(0, 1f, 0.3f));
                Fixtures.publishItem(redis, "b", 1, axis(0, 0.5f, 0.2f));
                Fixtures.publishItem(redis, "c", 1, axis(1, 1f, 0.1f));
                assertThat(TestApi.send(client, "PUT", "/v1/items/c", "{\"category\":\"shoes\",\"available\":false}",
                        TestApi.ADMIN_KEY).code()).isEqualTo(200);
                Fixtures.await("items indexed", () -> Fixtures.indexed(index, "a", "b", "c"));
                publishUser(redis, "u1", axis(0, 1f, 1f));
                String recs = "/v1/users/u1/recommendations?k=3&exclude=none";
                Fixtures.await("catalogue applied", () -> !ids(body(client, recs)).contains("c"));
                JsonNode ok = body(client, recs);
                assertThat(ok.get("fallback").asBoolean()).isFalse();
                assertThat(ids(ok)).containsExactly("a", "b");

                Fixtures.publishLists(redis, "u1", io.streamrec.core.interest.UserLists.empty(1, 0).withRecent("a", 1.0)
                        .withInterest("home", 1, 1));
                redis.hset(RedisKeys.userMeta("u1"), RedisKeys.META_RECENT_VERSION, "1");
                redis.zadd(RedisKeys.legacyUserKeys("u1").get(0), 1.0, "a"); // kept by an earlier release
                assertThat(keysOfUserOnEveryNode(cluster, "u1")).hasSize(4); // lists, meta, vector, legacy
                assertThat(TestApi.send(client, "DELETE", "/v1/users/u1", null, TestApi.ADMIN_KEY).code()).isEqualTo(202);
                assertThat(keysOfUserOnEveryNode(cluster, "u1")).as("a SCAN of every node").isEmpty();

                publishUser(redis, "u1", axis(0, 1f, 1f));
                int node = cluster.nodeOf(RedisKeys.userVector("u1"));
                cluster.kill(node);
                for (int i = 0; i < 5; i++) {
                    var r = client.get(recs);
                    assertThat(r.code()).as("a dead master never gives a 5xx").isEqualTo(200);
                    assertThat(json(r).get("fallback").asBoolean()).isTrue();
                    assertThat(ids(json(r))).as("served from memory").isNotEmpty().doesNotContain("c");
                }
                cluster.restart(node);
                publishUser(redis, "u1", axis(0, 1f, 1f)); // the node came back empty; the job would write it again
                Fixtures.await("answers from Redis again", () -> !body(client, recs).get("fallback").asBoolean());
                assertThat(ids(body(client, recs))).containsExactly("a", "b");
            });
        }
    }

    /** Every key of the user on every node of the cluster, by SCAN (not through the client's routing). */
    static java.util.List<String> keysOfUserOnEveryNode(EmbeddedRedisCluster cluster, String userId) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (int n = 0; n < cluster.size(); n++) {
            try (redis.clients.jedis.Jedis node = new redis.clients.jedis.Jedis("127.0.0.1", cluster.port(n))) {
                String cursor = redis.clients.jedis.params.ScanParams.SCAN_POINTER_START;
                do {
                    var page = node.scan(cursor, new redis.clients.jedis.params.ScanParams().match("*{u:" + userId + "}*"));
                    keys.addAll(page.getResult());
                    cursor = page.getCursor();
                } while (!cursor.equals(redis.clients.jedis.params.ScanParams.SCAN_POINTER_START));
            }
        }
        return keys;
    }

    static JsonNode body(io.javalin.testtools.HttpClient client, String path) {
        try {
            var r = client.get(path);
            assertThat(r.code()).isEqualTo(200);
            return json(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
