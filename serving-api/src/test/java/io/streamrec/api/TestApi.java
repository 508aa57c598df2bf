package io.streamrec.api;

import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Response;
import io.streamrec.api.events.EventPublisher;
import io.streamrec.api.health.DependencyCheck;
import io.streamrec.api.metrics.ApiMetrics;
import io.streamrec.core.event.Event;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.stack.EmbeddedRedis;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import redis.clients.jedis.RedisClient;

/** Builds the API for tests: a real Redis (one per test JVM) and a publisher that records events. */
final class TestApi {
    static final ApiSettings SETTINGS = new ApiSettings("127.0.0.1", 0, 4 * 1024 * 1024, 1000, 20, 500, 3_600_000d,
            86_400_000d);
    private static EmbeddedRedis server;
    private static RedisClient redis;

    private TestApi() {}

    static synchronized RedisClient redis() {
        if (server == null) {
            server = EmbeddedRedis.start(Path.of("target/test-redis-" + ProcessHandle.current().pid()), 0, false);
            redis = RedisClientFactory.create(new RedisSettings(server.url(), 2000, 8, 500, "api-test"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                redis.close();
                server.close();
            }));
        }
        return redis;
    }

    static String redisUrl() {
        redis();
        return server.url();
    }

    /** Records what it is asked to publish; can be told to fail like an unreachable Kafka. */
    static final class RecordingPublisher implements EventPublisher {
        final List<Event> published = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public void publishAll(List<Event> events) throws PublishException {
            if (failing) {
                throw new PublishException("Kafka down (test)", null);
            }
            published.addAll(events);
        }

        @Override
        public void close() {}
    }

    /** Width of the test vectors: d = 8 plus the bias slot. */
    static final int WIDTH = 9;
    private static io.streamrec.api.catalog.ItemIndex items;

    /** One item index for the test JVM, following the test Redis every 20 ms. */
    static synchronized io.streamrec.api.catalog.ItemIndex items() {
        if (items == null) {
            items = new io.streamrec.api.catalog.ItemIndex(redis(), WIDTH, 100_000, 20);
        }
        return items;
    }

    static Javalin app(EventPublisher publisher, List<DependencyCheck> checks) {
        return StreamrecApi.create(new StreamrecApi.Dependencies(SETTINGS, publisher, redis(), items(), checks,
                new ApiMetrics()));
    }

    static Response postRaw(HttpClient client, String path, String body) {
        return client.request(path, b -> b.post(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    static DependencyCheck check(String name, String problem) {
        return new DependencyCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String check() {
                return problem;
            }
        };
    }
}
