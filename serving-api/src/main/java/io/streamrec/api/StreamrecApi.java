package io.streamrec.api;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.streamrec.api.catalog.ItemIndex;
import io.streamrec.api.error.ErrorHandling;
import io.streamrec.api.events.EventPublisher;
import io.streamrec.api.events.EventsController;
import io.streamrec.api.events.IngestService;
import io.streamrec.api.health.DependencyCheck;
import io.streamrec.api.health.HealthController;
import io.streamrec.api.health.HealthService;
import io.streamrec.api.metrics.ApiMetrics;
import io.streamrec.api.metrics.MetricsController;
import io.streamrec.api.openapi.DocsController;
import io.streamrec.api.openapi.OpenApiDocument;
import io.streamrec.api.recommend.RecommendationService;
import io.streamrec.api.recommend.RecommendationsController;
import io.streamrec.api.trend.TrendingController;
import io.streamrec.api.trend.TrendingService;
import io.streamrec.core.event.EventParser;
import java.util.List;
import redis.clients.jedis.RedisClient;

/**
 * The HTTP API: one route tree, controllers that only parse and validate, services that do the work,
 * one error shape. {@link ApiMain} wires it to Redis and Kafka; tests wire it to what they need.
 */
public final class StreamrecApi {
    public static final String VERSION = "0.1.0";

    private StreamrecApi() {}

    /** What the API talks to. */
    public record Dependencies(ApiSettings settings, EventPublisher publisher, RedisClient redis, ItemIndex items,
                               List<DependencyCheck> readinessChecks, ApiMetrics metrics) {}

    public static ObjectMapper jsonMapper() {
        return JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL).build();
    }

    public static Javalin create(Dependencies d) {
        ApiSettings s = d.settings();
        ObjectMapper mapper = jsonMapper();
        EventsController events = new EventsController(
                new IngestService(new EventParser(), d.publisher(), s.maxBatch(), d.metrics()), s.maxBodyBytes());
        TrendingService trendingService = new TrendingService(d.redis(), s.trendingShortHalfLifeMillis(),
                s.trendingLongHalfLifeMillis());
        RecommendationsController recommendations = new RecommendationsController(
                new RecommendationService(d.redis(), d.items(), trendingService), s.defaultK(), s.maxK());
        TrendingController trending = new TrendingController(trendingService, s.defaultK(), s.maxK());
        HealthController health = new HealthController(new HealthService(d.readinessChecks()));
        MetricsController metrics = new MetricsController(d.metrics());
        DocsController docs = new DocsController();
        docs.setDocument(OpenApiDocument.build(mapper, "streamrec API", VERSION,
                "Real-time recommendations: send events, read recommendations. Errors are {title, status, detail}.",
                List.of(events, recommendations, trending, health, metrics, docs)));

        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.maxRequestSize = s.maxBodyBytes();
            config.http.prefer405over404 = true;
            config.staticFiles.enableWebjars();
            config.requestLogger.http((ctx, ms) -> d.metrics().request(ctx.method().name(),
                    routeOf(ctx), ctx.statusCode(), ms));
            ErrorHandling.register(config);
            config.routes.apiBuilder(() -> {
                path("v1", () -> {
                    post("events", events::post);
                    get("users/{userId}/recommendations", recommendations::get);
                    get("trending", trending::get);
                });
                get("health/live", health::live);
                get("health/ready", health::ready);
                get("metrics", metrics::metrics);
                get("openapi", docs::openapi);
                get("swagger", docs::swagger);
            });
        });
    }

    private static String routeOf(io.javalin.http.Context ctx) {
        try {
            io.javalin.router.Endpoint e = ctx.endpoints().lastHttpEndpoint();
            return e == null ? "unmatched" : e.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
