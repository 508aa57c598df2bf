package io.streamrec.api;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;
import static io.streamrec.api.auth.AccessControl.Route.ADMIN;
import static io.streamrec.api.auth.AccessControl.Route.EVENTS;
import static io.streamrec.api.auth.AccessControl.Route.KEYED;
import static io.streamrec.api.auth.AccessControl.Route.READ;
import static io.streamrec.api.auth.AccessControl.Route.SECRET;
import static io.streamrec.api.auth.AccessControl.Route.USER;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.http.staticfiles.Location;
import io.streamrec.api.auth.AccessControl;
import io.streamrec.api.experiment.ExperimentArms;
import io.streamrec.api.experiment.ExperimentService;
import io.streamrec.api.experiment.ExperimentStore;
import io.streamrec.api.experiment.ExperimentsController;
import io.streamrec.api.auth.ApiKeys;
import io.streamrec.api.auth.AuthSettings;
import io.streamrec.api.auth.RateLimiter;
import io.streamrec.api.auth.ReadGate;
import io.streamrec.api.auth.TokenService;
import io.streamrec.api.auth.TokensController;
import io.streamrec.api.auth.UserTokens;
import io.streamrec.api.demo.DemoController;
import io.streamrec.api.buyagain.BuyAgainController;
import io.streamrec.api.buyagain.BuyAgainService;
import io.streamrec.api.catalog.CatalogController;
import io.streamrec.api.catalog.CatalogService;
import io.streamrec.api.content.ContentIndex;
import io.streamrec.api.content.ContentSettings;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.api.index.ItemIndexStats;
import io.streamrec.api.error.ErrorHandling;
import io.streamrec.api.error.JsonErrorHandler;
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
import io.streamrec.api.ops.ConsoleSettings;
import io.streamrec.api.ops.FlinkJobMetrics;
import io.streamrec.api.ops.OpsController;
import io.streamrec.api.ops.OpsStats;
import io.streamrec.api.recommend.RecommendationService;
import io.streamrec.api.recommend.RecommendationsController;
import io.streamrec.api.recommend.SimilarItemsService;
import io.streamrec.api.users.ForgetUserService;
import io.streamrec.api.users.UsersController;
import io.streamrec.api.trend.TrendingController;
import io.streamrec.api.trend.TrendingService;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.rank.BlendLearner;
import io.streamrec.core.rank.Ranker;
import io.streamrec.api.recommend.BlendWeightsReader;
import io.streamrec.api.recommend.ServedLists;
import java.util.List;
import java.util.function.LongSupplier;
import redis.clients.jedis.UnifiedJedis;

/**
 * The HTTP API: one route tree, controllers that only parse and validate, services that do the work,
 * one error shape. {@link ApiMain} wires it to Redis and Kafka; tests wire it to what they need.
 */
public final class StreamrecApi {
    public static final String VERSION = "0.1.0";

    private StreamrecApi() {}

    /** What the API talks to. */
    public record Dependencies(ApiSettings settings, EventPublisher publisher, UnifiedJedis redis, ItemIndex items,
                               List<DependencyCheck> readinessChecks, ApiMetrics metrics, ConsoleSettings console,
                               ContentIndex content) {
        /** Without the job's metrics for the console and with item text embeddings at their defaults. */
        public Dependencies(ApiSettings settings, EventPublisher publisher, UnifiedJedis redis, ItemIndex items,
                            List<DependencyCheck> readinessChecks, ApiMetrics metrics) {
            this(settings, publisher, redis, items, readinessChecks, metrics, ConsoleSettings.defaults(),
                    new ContentIndex(redis, ContentSettings.defaults()));
        }

        /** With the console's settings, item text embeddings at their defaults ({@code content.*}). */
        public Dependencies(ApiSettings settings, EventPublisher publisher, UnifiedJedis redis, ItemIndex items,
                            List<DependencyCheck> readinessChecks, ApiMetrics metrics, ConsoleSettings console) {
            this(settings, publisher, redis, items, readinessChecks, metrics, console,
                    new ContentIndex(redis, ContentSettings.defaults()));
        }

        /** With item text embeddings, the console's settings at their defaults. */
        public Dependencies(ApiSettings settings, EventPublisher publisher, UnifiedJedis redis, ItemIndex items,
                            List<DependencyCheck> readinessChecks, ApiMetrics metrics, ContentIndex content) {
            this(settings, publisher, redis, items, readinessChecks, metrics, ConsoleSettings.defaults(), content);
        }
    }

    /**
     * Leaves nulls out; writes and reads doubles with Jackson's own Schubfach and fast-parser code (on JDK 17,
     * {@code Double.toString} falls into big-integer arithmetic for many of the scores a response carries).
     */
    public static ObjectMapper jsonMapper() {
        return JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .build();
    }

    public static Javalin create(Dependencies d) {
        return create(d, null);
    }

    /** The API serving HTTPS only through {@code https} (null: plain HTTP). */
    public static Javalin create(Dependencies d, HttpsConnector https) {
        ApiSettings s = d.settings();
        ObjectMapper mapper = jsonMapper();
        LongSupplier clock = System::currentTimeMillis;
        AuthSettings auth = s.auth();
        UserTokens userTokens = new UserTokens(auth.tokenKeys(), auth.tokenMaxTtlSeconds(), clock);
        AccessControl keys = new AccessControl(
                new ApiKeys(s.adminKeys(), s.writeKeys(), s.readKeys(), auth.publishableKeys()), userTokens,
                new RateLimiter(auth.publishableRatePerSecond(), System::nanoTime), auth, s.limits());
        ReadGate reads = new ReadGate(s.limits().concurrentReads(), s.limits().readQueueMillis());
        TokenService tokenService = new TokenService(userTokens);
        ItemIndex items = d.items();
        ItemIndexStats indexStats = items.stats();
        d.metrics().gauge("streamrec_item_index_items", "item vectors held in memory", indexStats::items);
        d.metrics().gauge("streamrec_item_index_quantized", "1 when top-K scans take the int8 first pass",
                () -> indexStats.scansQuantized() ? 1 : 0);
        d.metrics().counter("streamrec_scan_exact_rescans", "int8 scans whose candidates could not be proven the "
                + "top K, so the float scan ran as well", indexStats::exactRescans);
        d.metrics().counter("streamrec_scan_splits", "top-K scans split over idle cores (api.scan-threads)",
                indexStats::scanSplits);
        d.metrics().counter("streamrec_scan_shared", "top-K scans whose int8 pass went through the items together "
                + "with other requests' (every core busy)", indexStats::scansShared);
        d.metrics().gauge("streamrec_item_index_seconds_since_sync", "seconds since the last read of the change feed",
                () -> indexStats.millisSinceSync() / 1000.0);

        ContentIndex content = d.content();
        content.load();
        d.metrics().gauge("streamrec_content_queued", "catalogue items waiting for their text to be embedded",
                content::queued);
        d.metrics().counter("streamrec_content_embedded", "catalogue item texts embedded", content::embedded);
        d.metrics().counter("streamrec_content_dropped", "catalogue items not embedded because the queue was full "
                + "(content.queue-max)", content::dropped);
        d.metrics().counter("streamrec_content_failed", "catalogue item texts whose embedding or storing failed",
                content::failed);

        EventsController events = new EventsController(
                new IngestService(new EventParser(), d.publisher(), s.maxBatch(), d.metrics(), s.pseudonyms()), keys,
                s.maxBodyBytes());
        TrendingService trendingService = new TrendingService(d.redis(), items, s.trendingShortHalfLifeMillis(),
                s.trendingLongHalfLifeMillis());
        d.metrics().counter("streamrec_trending_refresh_failures", "background reads of stale trending lists that "
                + "failed (Redis unavailable); the lists read before are served meanwhile",
                trendingService::failedRefreshes);
        BuyAgainService buyAgainService = new BuyAgainService(d.redis(), items, trendingService, s.rebuy(), clock,
                s.pseudonyms());
        ExperimentStore experimentStore = new ExperimentStore(d.redis(), 1000, clock);
        // overrides are validated against the keys' definitions, which do not depend on this process's values
        ExperimentsController experiments = new ExperimentsController(new ExperimentService(experimentStore,
                io.streamrec.core.config.StreamrecConfig.defaults(), clock), s.maxBodyBytes());
        // the blend's learned weights, read in the background; the lists served go to the job to learn them from
        BlendWeightsReader blendWeights = new BlendWeightsReader(d.redis(), s.recommend().blendRefreshMillis()).start();
        ServedLists servedLists = new ServedLists(d.publisher(), 10_000);
        Ranker ranker = new Ranker(s.rank(), s.cooccurrenceShare(),
                content.settings().enabled() ? content.settings().rankShare() : 0)
                .withItemEvidence(s.recommend().itemEvidence());
        RecommendationService recommendService = new RecommendationService(d.redis(), items, trendingService,
                new ExperimentArms(experimentStore, s.rank(), s.recommend().learnedBlend()
                        ? ranker.withLearnedWeights(blendWeights) : ranker, blendWeights), s.recommend(), clock,
                s.pseudonyms(), buyAgainService, s.repeatShare(), content, servedLists);
        blendMetrics(d.metrics(), blendWeights, servedLists);
        for (RecommendationService.Served why : RecommendationService.Served.values()) {
            d.metrics().counter("streamrec_recommendations", "recommendation answers by fallback: none (the user's "
                    + "own model state), new_user (interests and trending only), redis_unavailable (from memory)",
                    "fallback", why.name().toLowerCase(java.util.Locale.ROOT), () -> recommendService.served(why));
        }
        RecommendationsController recommendations = new RecommendationsController(recommendService,
                new SimilarItemsService(items, content, d.content().settings().similarMinEvents()),
                s.defaultK(), s.maxK());
        BuyAgainController buyAgain = new BuyAgainController(buyAgainService, s.defaultK(), s.maxK());
        CatalogController catalog = new CatalogController(
                new CatalogService(d.redis(), items, s.changeFeedMaxLen(), clock, content), s.maxBodyBytes(), s.maxBatch());
        UsersController users = new UsersController(new ForgetUserService(d.publisher(), d.redis(), clock, s.pseudonyms()));
        TrendingController trending = new TrendingController(trendingService, s.defaultK(), s.maxK());
        TokensController tokens = new TokensController(tokenService);

        DemoController demo = new DemoController(tokenService,
                auth.publishableKeys().isEmpty() ? null : auth.publishableKeys().get(0));
        ConsoleSettings console = d.console();
        OpsStats opsStats = new OpsStats(console.flinkRestUrl().isEmpty() ? null
                : new FlinkJobMetrics(console.flinkRestUrl(), mapper), console.sampleSeconds(), console.historySamples(),
                clock);
        OpsController ops = new OpsController(opsStats, blendWeights, s.recommend().learnedBlend());
        HealthController health = new HealthController(new HealthService(d.readinessChecks()));
        MetricsController metrics = new MetricsController(d.metrics());
        DocsController docs = new DocsController();
        docs.setDocument(OpenApiDocument.build(mapper, "streamrec API", VERSION,
                "Real-time recommendations: send events, read recommendations. Errors are {title, status, detail}. "
                        + "Secret keys (X-API-Key) stay on servers; a web page or app uses a publishable key and a "
                        + "user token signed by the shop's backend (Authorization: Bearer); see docs/security.md.",
                List.of(events, recommendations, buyAgain, catalog, users, tokens, trending, experiments, ops, health,
                        metrics, docs)));

        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.events.serverStarted(opsStats::start);
            config.events.serverStopped(() -> { // the API owns the index's feed thread from here on
                opsStats.close();
                items.close();
                trendingService.close();
                content.close();
                blendWeights.close();
                servedLists.close();
            });
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler(mapper)));
            config.jetty.modifyHttpConfiguration(http -> http.setIdleTimeout(s.limits().idleTimeoutMillis()));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler(mapper)));
            if (https != null) { // Javalin adds its plain connector only when none is configured
                config.jetty.addConnector((server, http) -> https.create(server, http, () -> config.jetty.host,
                        () -> config.jetty.port));
            }
            config.http.maxRequestSize = s.maxBodyBytes();
            config.http.prefer405over404 = true;
            config.staticFiles.enableWebjars();
            if (auth.demo() && StreamrecApi.class.getResource("/demo/index.html") != null) {
                config.staticFiles.add(files -> {
                    files.hostedPath = "/demo";
                    files.directory = "/demo";
                    files.location = Location.CLASSPATH;
                });
            }
            // the operator console: static files only; it calls the API with the key its user enters
            config.staticFiles.add(files -> {
                files.hostedPath = "/console";
                files.directory = "/console";
                files.location = Location.CLASSPATH;
            });
            if (!auth.allowedOrigins().isEmpty()) {
                config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    auth.allowedOrigins().forEach(rule::allowHost);
                    rule.allowCredentials = false; // no cookies: keys and tokens travel in headers
                    rule.maxAge = 600;
                    rule.exposeHeader("Retry-After");
                }));
            }
            config.requestLogger.http((ctx, ms) -> {
                String route = routeOf(ctx);
                d.metrics().request(ctx.method().name(), route, ctx.statusCode(), ms);
                opsStats.request(route, ctx.statusCode(), ms);
            });
            ErrorHandling.register(config);
            config.routes.after(Bodies::drainUnread);
            config.routes.before("/v1/*", keys::limitClientAddress);
            config.routes.apiBuilder(() -> {
                path("v1", () -> {
                    post("events", keys.require(EVENTS, events::post));
                    post("events/beacon", events::beacon); // credentials in the body
                    post("anonymous", keys.require(KEYED, tokens::anonymous));
                    get("users/{userId}/recommendations", keys.require(USER, reads.around(recommendations::recommendations)));
                    get("users/{userId}/buy-again", keys.require(USER, reads.around(buyAgain::get)));
                    delete("users/{userId}", keys.require(ADMIN, users::delete));
                    post("items", keys.require(ADMIN, catalog::post));
                    get("items/{itemId}", keys.require(READ, catalog::get));
                    put("items/{itemId}", keys.require(ADMIN, catalog::put));
                    delete("items/{itemId}", keys.require(ADMIN, catalog::delete));
                    get("items/{itemId}/similar", keys.require(READ, reads.around(recommendations::similar)));
                    get("trending", keys.require(READ, trending::get));
                    get("experiments", keys.require(SECRET, experiments::list));
                    put("experiments/{experimentId}", keys.require(ADMIN, experiments::put));
                    get("experiments/{experimentId}", keys.require(SECRET, experiments::get));
                    post("experiments/{experimentId}/start", keys.require(ADMIN, experiments::start));
                    post("experiments/{experimentId}/stop", keys.require(ADMIN, experiments::stop));
                    get("experiments/{experimentId}/results", keys.require(SECRET, experiments::results));
                    get("experiments/{experimentId}/assignment", keys.require(SECRET, experiments::assignment));
                    get("ops/stats", keys.require(SECRET, ops::stats));
                    get("ops/blend", keys.require(SECRET, ops::blend));
                });
                if (auth.demo()) {
                    get("demo/config", demo::config);
                    post("demo/token", demo::token);
                }
                get("health/live", health::live);
                get("health/ready", health::ready);
                get("metrics", metrics::metrics);
                get("openapi", docs::openapi);
                get("swagger", docs::swagger);
            });
        });
    }

    /** The learned blend on /metrics: its version, every weight by segment and signal, and the served lists. */
    private static void blendMetrics(ApiMetrics m, BlendWeightsReader w, ServedLists served) {
        m.gauge("streamrec_blend_weights_version", "observations the blend weights in use were learned from (0: the "
                + "hand-set blend)", w::version);
        for (int seg = 0; seg < BlendLearner.SEGMENTS; seg++) {
            for (int k = 0; k < BlendLearner.N; k++) {
                int segment = seg;
                int signal = k;
                m.gauge("streamrec_blend_weight", "learned weight of a signal in a segment (user history x item "
                        + "evidence, docs/model.md)", "segment", BlendLearner.segmentName(seg), "signal",
                        BlendLearner.SIGNALS.get(k), () -> w.weights(segment)[signal]);
            }
        }
        m.counter("streamrec_blend_weights_read_failures", "background reads of the blend weights that failed",
                w::failures);
        m.counter("streamrec_served_lists", "served lists handed to Kafka for the blend to learn from", "result",
                "published", served::published);
        m.counter("streamrec_served_lists", "served lists handed to Kafka for the blend to learn from", "result",
                "failed", served::failed);
        m.counter("streamrec_served_lists", "served lists handed to Kafka for the blend to learn from", "result",
                "dropped", served::dropped);
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
