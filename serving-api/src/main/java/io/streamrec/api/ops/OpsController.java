package io.streamrec.api.ops;

import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiResponse;
import io.javalin.openapi.OpenApiSecurity;
import io.streamrec.api.error.ApiError;

/** GET /v1/ops/stats: the operator figures the console at /console plots. */
public final class OpsController {
    private final OpsStats stats;

    public OpsController(OpsStats stats) {
        this.stats = stats;
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
}
