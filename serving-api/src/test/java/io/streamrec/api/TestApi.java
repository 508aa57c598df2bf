package io.streamrec.api;

import io.streamrec.api.auth.AuthSettings;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Response;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.api.events.EventPublisher;
import io.streamrec.api.recommend.RecommendationService;
import io.streamrec.core.rank.RankConfig;
import io.streamrec.api.health.DependencyCheck;
import io.streamrec.api.metrics.ApiMetrics;
import io.streamrec.core.event.Event;
import io.streamrec.core.kernel.ScanPool;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.stack.EmbeddedRedis;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import redis.clients.jedis.UnifiedJedis;

/** Builds the API for tests: a real Redis (one per test JVM) and a publisher that records events. */
final class TestApi {
    static final String ADMIN_KEY = "test-admin-key-0123456789";
    static final String WRITE_KEY = "test-write-key-0123456789";
    static final String READ_KEY = "test-read-key-0123456789";
    static final RecommendationService.Settings RECOMMEND = new RecommendationService.Settings(200, 30 * 60_000d,
            14 * 86_400_000d, 7 * 86_400_000d, 30_000);
    /** Ranking by the model alone, so tests of filters and fallbacks see plain orders. */
    static final ApiSettings SETTINGS = settings(RankConfig.modelOnly(), List.of());
    /** The same, with reads keyed too. */
    static final ApiSettings KEYED_READS = settings(RankConfig.modelOnly(), List.of(READ_KEY));
    /**
     * Blend, exploration and diversity with weights that make sessions count (the shipped defaults are
     * tuned on purchase data without sessions, README "Dynamic interests").
     */
    static final ApiSettings DYNAMIC = settings(new RankConfig(0.7, 0.15, 0.15, 0.5, 20, 3, 0.2, 0.05, 0.8, 0.05), List.of());

    /**
     * Settings for tests of other things than user tokens: a user's recommendations are readable like any
     * other read (api.user-reads=open), so that ranking tests need no token; {@code UserTokenAccessTest}
     * covers the default.
     */
    static ApiSettings settings(RankConfig rank, List<String> readKeys) {
        return settings(rank, readKeys, AuthSettings.secretKeysOnly(true));
    }

    static ApiSettings settings(RankConfig rank, List<String> readKeys, AuthSettings auth) {
        return new ApiSettings("127.0.0.1", 0, 4 * 1024 * 1024, 1000, 20, 500, 3_600_000d, 86_400_000d, 100_000,
                List.of(ADMIN_KEY), List.of(WRITE_KEY), readKeys, rank, RECOMMEND, auth, io.streamrec.api.auth.Limits.DEFAULTS,
                io.streamrec.core.event.UserPseudonyms.of(""));
    }
    private static EmbeddedRedis server;
    private static UnifiedJedis redis;

    private TestApi() {}

    static synchronized UnifiedJedis redis() {
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
        final List<io.streamrec.core.rank.ServedList> served = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public void publishServed(io.streamrec.core.rank.ServedList list) {
            served.add(list);
        }

        @Override
        public long servedListsPublished() {
            return served.size();
        }

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

    /** A new item index following the test Redis every 20 ms (the app it is given to closes it). */
    static ItemIndex newIndex() {
        return new ItemIndex(redis(), WIDTH, 100_000, 20, 0, new ScanPool(2, 1), lag -> { }); // every scan split when idle
    }

    static Javalin app(EventPublisher publisher, List<DependencyCheck> checks) {
        return app(publisher, checks, newIndex());
    }

    static Javalin app(EventPublisher publisher, List<DependencyCheck> checks, ItemIndex index) {
        return app(SETTINGS, publisher, redis(), checks, index);
    }

    static Javalin app(ApiSettings settings, EventPublisher publisher, UnifiedJedis redis, List<DependencyCheck> checks,
                       ItemIndex index) {
        return StreamrecApi.create(new StreamrecApi.Dependencies(settings, publisher, redis, index, checks,
                new ApiMetrics()));
    }

    /** A request with an optional body and API key. */
    static Response send(HttpClient client, String method, String path, String body, String key) {
        return client.request(path, b -> {
            HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body);
            switch (method) {
                case "GET" -> b.get();
                case "POST" -> b.post(p);
                case "PUT" -> b.put(p);
                case "PATCH" -> b.patch(p);
                case "DELETE" -> b.delete(p);
                default -> throw new IllegalArgumentException(method);
            }
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            if (key != null) {
                b.header("X-API-Key", key);
            }
        });
    }

    /** POST with the write key. */
    static Response postRaw(HttpClient client, String path, String body) {
        return send(client, "POST", path, body, WRITE_KEY);
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
