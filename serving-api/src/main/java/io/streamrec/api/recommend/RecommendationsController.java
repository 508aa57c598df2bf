package io.streamrec.api.recommend;

import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import io.streamrec.api.Params;
import io.streamrec.api.error.ApiError;

/** GET /v1/users/{userId}/recommendations: validate the parameters, ask the service. */
public final class RecommendationsController {
    private final RecommendationService service;
    private final int defaultK;
    private final int maxK;

    public RecommendationsController(RecommendationService service, int defaultK, int maxK) {
        this.service = service;
        this.defaultK = defaultK;
        this.maxK = maxK;
    }

    @OpenApi(
            path = "/v1/users/{userId}/recommendations",
            methods = HttpMethod.GET,
            tags = "recommendations",
            summary = "Recommendations for a user",
            description = "Scores every item with the user's query vector, which the learning job updates on "
                    + "each of the user's events; items the user recently interacted with are left out. Users the "
                    + "model does not know yet get the trending list (24h) with fallback=true.",
            pathParams = @OpenApiParam(name = "userId", required = true, description = "1–128 characters"),
            queryParams = {
                    @OpenApiParam(name = "k", type = Integer.class, description = "how many items (default api.default-k, at most api.max-k)"),
                    @OpenApiParam(name = "explain", type = Boolean.class, description = "add reasons to each item")},
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = RecommendationResponse.class)),
                    @OpenApiResponse(status = "400", description = "Invalid userId, k or explain",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "Redis unavailable",
                            content = @OpenApiContent(from = ApiError.class))})
    public void get(Context ctx) {
        String userId = Params.id(ctx, "userId");
        int k = Params.intParam(ctx, "k", defaultK, 1, maxK);
        boolean explain = Params.boolParam(ctx, "explain", false);
        ctx.json(service.recommend(userId, k, explain));
    }
}
