package io.streamrec.api.ops;

import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiResponse;
import io.javalin.openapi.OpenApiSecurity;
import io.streamrec.api.error.ApiError;
import io.streamrec.api.recommend.BlendWeightsReader;

/** GET /v1/ops/stats and /v1/ops/blend: the operator figures the console at /console shows. */
public final class OpsController {
    private final OpsStats stats;
    private final BlendWeightsReader blend;
    private final boolean learned;

    /**
     * @param blend   the blend weights as this process last read them
     * @param learned whether they are applied ({@code rank.blend} = learned)
     */
    public OpsController(OpsStats stats, BlendWeightsReader blend, boolean learned) {
        this.stats = stats;
        this.blend = blend;
        this.learned = learned;
    }

    @OpenApi(path = "/v1/ops/stats", methods = HttpMethod.GET, tags = "operations",
            summary = "Recent samples of the job's and this API process's figures",
            description = "One sample every console.sample-seconds, the last console.history-samples of them, oldest "
                    + "first: the learning job's events learned per second, milliseconds since its newest user-vector "
                    + "write to Redis (freshness), prequential recall@20 since the job started, dropped updates and "
                    + "dead-lettered events per second (read from the Flink REST API at console.flink-rest-url; null "
                    + "while jobMetrics is not 'connected'), and this process's requests per second and p50/p99 "
                    + "milliseconds of recommendation answers. Needs a secret API key (a read key is enough).",
            security = @OpenApiSecurity(name = "ApiKey"),
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = OpsStats.Response.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "A publishable key", content = @OpenApiContent(from = ApiError.class))})
    public void stats(Context ctx) {
        ctx.json(stats.stats());
    }

    @OpenApi(path = "/v1/ops/blend", methods = HttpMethod.GET, tags = "operations",
            summary = "The blend weights learned from feedback, as this API process serves with them",
            description = "Per segment (the user's history length x the item's evidence) the weight of each part of a "
                    + "candidate's score (model, short and long interest, trending, co-occurrence, content), learned by "
                    + "the job from what users took from the lists served to them and read from Redis every "
                    + "rank.blend-refresh-ms; version counts the observations learned from (0: nothing yet, every "
                    + "weight 1, the hand-set blend). blend says whether they are applied (rank.blend). Needs a "
                    + "secret API key (a read key is enough).",
            security = @OpenApiSecurity(name = "ApiKey"),
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = BlendView.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "A publishable key", content = @OpenApiContent(from = ApiError.class))})
    public void blend(Context ctx) {
        ctx.json(BlendView.of(blend, learned));
    }
}
