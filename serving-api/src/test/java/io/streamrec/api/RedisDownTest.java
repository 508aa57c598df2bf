package io.streamrec.api;

import static io.streamrec.api.Fixtures.ids;
import static io.streamrec.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.api.health.RedisCheck;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.vector.VectorCodec;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A real redis-server stopped under a running API and started again: recommendations degrade to the
 * in-memory fallback (200, fallback: true, never 500), readiness turns false, and both recover by
 * themselves.
 */
class RedisDownTest {

    @Test
    void recommendationsFallBackToMemoryReadinessTurnsFalseAndBothRecover() throws Exception {
        Path dir = Path.of("target/redis-down-" + ProcessHandle.current().pid());
        EmbeddedRedis server = EmbeddedRedis.start(dir, 0, false);
        int port = server.port();
        UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(server.url(), 300, 4, 200, "redis-down-test"));
        ItemIndex index = new ItemIndex(redis, TestApi.WIDTH, 1000, 20, 0, io.streamrec.core.kernel.ScanPool.SERIAL, lag -> { });
        try {
            Fixtures.publishItem(redis, "tent", 1, Fixtures.axis(0, 1f, 0.9f));
            Fixtures.publishItem(redis, "stove", 1, Fixtures.axis(0, 0.5f, 0.2f));
            Fixtures.publishItem(redis, "map", 1, Fixtures.axis(1, 1f, 0.5f));
            redis.set(RedisKeys.userVector("hiker").getBytes(StandardCharsets.UTF_8),
                    VectorCodec.encode(Fixtures.axis(1, 3f, 1f), 1, 0));
            Fixtures.await("index loaded", () -> Fixtures.indexed(index, "tent", "stove", "map"));
            var app = TestApi.app(TestApi.SETTINGS, new TestApi.RecordingPublisher(), redis, List.of(new RedisCheck(redis)), index);
            JavalinTest.test(app, (s, client) -> {
                JsonNode up = json(client.get("/v1/users/hiker/recommendations?k=2"));
                assertThat(up.get("fallback").asBoolean()).isFalse();
                assertThat(ids(up)).containsExactly("map", "tent");
                assertThat(client.get("/health/ready").code()).isEqualTo(200);

                server.close();
                var down = client.get("/v1/users/hiker/recommendations?k=2&explain=true");
                String text = down.body().string();
                assertThat(down.code()).as(text).isEqualTo(200);
                JsonNode fallback = io.streamrec.core.event.EventJson.MAPPER.readTree(text);
                assertThat(fallback.get("fallback").asBoolean()).isTrue();
                // nothing trending was read before, so the model's most popular items (by learned bias)
                assertThat(ids(fallback)).containsExactly("tent", "map");
                assertThat(fallback.at("/items/0/reasons/0").asText()).contains("Redis is unavailable");
                assertThat(client.get("/v1/users/hiker/recommendations?category=none").code()).isEqualTo(200);
                var buyAgain = client.get("/v1/users/hiker/buy-again");
                assertThat(buyAgain.code()).isEqualTo(200);
                assertThat(json(buyAgain).get("fallback").asBoolean()).isTrue();
                Fixtures.await("readiness false", () -> client.get("/health/ready").code() == 503);
                assertThat(client.get("/v1/trending").code()).isEqualTo(503);
                String metrics = client.get("/metrics").body().string();
                assertThat(metrics).as("the dashboard's Redis fallback rate")
                        .contains("streamrec_recommendations_total{fallback=\"redis_unavailable\"} 2.0")
                        .contains("streamrec_recommendations_total{fallback=\"none\"} 1.0");

                EmbeddedRedis restarted = EmbeddedRedis.start(dir, port, false);
                try {
                    redis.set(RedisKeys.userVector("hiker").getBytes(StandardCharsets.UTF_8),
                            VectorCodec.encode(Fixtures.axis(0, 3f, 1f), 2, 0));
                    Fixtures.await("recommendations from the model again", () -> {
                        try {
                            JsonNode again = json(client.get("/v1/users/hiker/recommendations?k=1"));
                            return !again.get("fallback").asBoolean() && ids(again).equals(List.of("tent"));
                        } catch (Exception e) {
                            return false;
                        }
                    });
                    Fixtures.await("ready again", () -> client.get("/health/ready").code() == 200);
                } finally {
                    restarted.close();
                }
            });
        } finally {
            redis.close();
            server.close();
        }
    }
}
