package io.streamrec.api.buyagain;

import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import io.javalin.openapi.OpenApiSecurity;
import io.streamrec.api.Params;
import io.streamrec.api.error.ApiError;

/** GET /v1/users/{userId}/buy-again: validate, ask the {@link BuyAgainService}. */
public final class BuyAgainController {
    private final BuyAgainService service;
    private final int defaultK;
    private final int maxK;

    public BuyAgainController(BuyAgainService service, int defaultK, int maxK) {
        this.service = service;
        this.defaultK = defaultK;
        this.maxK = maxK;
    }

    @OpenApi(
            path = "/v1/users/{userId}/buy-again",
            methods = HttpMethod.GET,
            tags = "recommendations",
            summary = "Items a user is likely to buy again",
            description = "The user's own bought items, ranked by how often they buy each (decayed over time) and by "
                    + "whether its typical interval between orders has elapsed (due now), each with a reason such as "
                    + "\"you buy this every ~3 weeks\". The learning job keeps the cycles per user; cancelled "
                    + "purchases lower them. Unavailable and deleted items never appear. A user without purchases "
                    + "gets what is trending (fallback=true); so does everyone while Redis is unavailable.",
            security = {@OpenApiSecurity(name = "ApiKey"), @OpenApiSecurity(name = "UserToken"),
                    @OpenApiSecurity(name = "PublishableKey+UserToken")},
            pathParams = @OpenApiParam(name = "userId", required = true, description = "1–128 characters"),
            queryParams = @OpenApiParam(name = "k", type = Integer.class,
                    description = "how many items (default api.default-k, at most api.max-k)"),
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = BuyAgainResponse.class)),
                    @OpenApiResponse(status = "400", description = "Invalid userId or k",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No secret key and no valid user token (api.user-reads "
                            + "= token, the default), or an unknown key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "A user token for another user, or a publishable key "
                            + "from an origin outside api.allowed-origins", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "429", description = "The publishable key's rate limit; retry after Retry-After",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "Too many reads in progress (api.max-concurrent-reads); "
                            + "retry after Retry-After",
                            content = @OpenApiContent(from = ApiError.class))})
    public void get(Context ctx) {
        String userId = Params.id(ctx, "userId");
        int k = Params.intParam(ctx, "k", defaultK, 1, maxK);
        ctx.json(service.buyAgain(userId, k));
    }
}
