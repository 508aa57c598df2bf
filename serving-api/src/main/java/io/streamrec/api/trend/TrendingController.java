package io.streamrec.api.trend;

import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import io.javalin.openapi.OpenApiSecurity;
import io.streamrec.api.Params;
import io.streamrec.api.error.ApiError;
import io.streamrec.core.event.EventParser;

/** GET /v1/trending: validate the parameters, ask the service. */
public final class TrendingController {
    private final TrendingService service;
    private final int defaultK;
    private final int maxK;

    public TrendingController(TrendingService service, int defaultK, int maxK) {
        this.service = service;
        this.defaultK = defaultK;
        this.maxK = maxK;
    }

    @OpenApi(
            path = "/v1/trending",
            methods = HttpMethod.GET,
            tags = "recommendations",
            summary = "Trending items",
            description = "Items by popularity decayed in event time (each positive event adds its type weight), "
                    + "overall or in one category, over the short (1h) or long (24h) half-life.",
            queryParams = {
                    @OpenApiParam(name = "category", description = "only this category (1–128 characters)"),
                    @OpenApiParam(name = "window", description = "1h or 24h (default 24h)"),
                    @OpenApiParam(name = "k", type = Integer.class, description = "how many items (default api.default-k, at most api.max-k)"),
                    @OpenApiParam(name = "explain", type = Boolean.class, description = "add reasons to each item")},
            security = {@OpenApiSecurity(name = ""), @OpenApiSecurity(name = "ApiKey"),
                    @OpenApiSecurity(name = "PublishableKey")},
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = TrendingResponse.class)),
                    @OpenApiResponse(status = "400", description = "Invalid category, window, k or explain",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "An unknown key, or none while read keys are configured",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "A publishable key from an origin outside api.allowed-origins",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "429", description = "The publishable key's rate limit; retry after Retry-After",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "Redis unavailable",
                            content = @OpenApiContent(from = ApiError.class))})
    public void get(Context ctx) {
        String window = Params.choice(ctx, "window", "24h", TrendingService.WINDOWS);
        String category = Params.optionalName(ctx, "category", EventParser.MAX_CATEGORY_LENGTH);
        int k = Params.intParam(ctx, "k", defaultK, 1, maxK);
        boolean explain = Params.boolParam(ctx, "explain", false);
        ctx.json(new TrendingResponse(window, category, service.top(window, category, k, itemId -> true, explain)));
    }
}
