package io.streamrec.api.metrics;

import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiResponse;
import io.javalin.openapi.OpenApiSecurity;

/** GET /metrics in the Prometheus text format. */
public final class MetricsController {
    private final ApiMetrics metrics;

    public MetricsController(ApiMetrics metrics) {
        this.metrics = metrics;
    }

    @OpenApi(path = "/metrics", methods = HttpMethod.GET, tags = "operations", security = @OpenApiSecurity(name = ""), summary = "Prometheus metrics",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = "text/plain")))
    public void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }
}
