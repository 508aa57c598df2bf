package io.streamrec.api.health;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiResponse;
import io.javalin.openapi.OpenApiSecurity;
import java.util.Map;

/** Liveness and readiness probes (Kubernetes). */
public final class HealthController {
    private final HealthService service;

    public HealthController(HealthService service) {
        this.service = service;
    }

    @OpenApi(path = "/health/live", methods = HttpMethod.GET, tags = "operations", security = @OpenApiSecurity(name = ""), summary = "Liveness: the process serves HTTP",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = HealthResponse.class)))
    public void live(Context ctx) {
        ctx.json(new HealthResponse("UP", Map.of()));
    }

    @OpenApi(path = "/health/ready", methods = HttpMethod.GET, tags = "operations", security = @OpenApiSecurity(name = ""),
            summary = "Readiness: Redis and Kafka are reachable",
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = HealthResponse.class)),
                    @OpenApiResponse(status = "503", description = "A dependency is down; checks say which and why",
                            content = @OpenApiContent(from = HealthResponse.class))})
    public void ready(Context ctx) {
        HealthResponse r = service.readiness();
        ctx.status("UP".equals(r.status()) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(r);
    }
}
