package io.streamrec.api.recommend;

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
import java.util.Locale;

/** GET /v1/users/{userId}/recommendations and GET /v1/items/{itemId}/similar: validate, ask the services. */
public final class RecommendationsController {
    /** The values of {@code include}. */
    static final java.util.List<String> INCLUDE = java.util.List.of("repeats");
    private final RecommendationService service;
    private final SimilarItemsService similar;
    private final int defaultK;
    private final int maxK;

    public RecommendationsController(RecommendationService service, SimilarItemsService similar, int defaultK, int maxK) {
        this.service = service;
        this.similar = similar;
        this.defaultK = defaultK;
        this.maxK = maxK;
    }

    @OpenApi(
            path = "/v1/users/{userId}/recommendations",
            methods = HttpMethod.GET,
            tags = "recommendations",
            summary = "Recommendations for a user",
            description = "Candidates from a scan of every recommendable item with the user's query vector (which the "
                    + "learning job updates on each of the user's events), from what is trending and from what is "
                    + "trending in the user's categories; the score blends the model, the user's short- and "
                    + "long-term category interests and trending with weights that follow the user; a share of the "
                    + "list explores new categories (Thompson sampling) and MMR keeps it diverse. Unavailable and "
                    + "deleted items never appear. Users the model does not know yet get interests and trending only "
                    + "(fallback=true); while Redis is unavailable everyone gets a list from the API's memory "
                    + "(fallback=true).",
            security = {@OpenApiSecurity(name = "ApiKey"), @OpenApiSecurity(name = "UserToken"),
                    @OpenApiSecurity(name = "PublishableKey+UserToken")},
            pathParams = @OpenApiParam(name = "userId", required = true, description = "1–128 characters"),
            queryParams = {
                    @OpenApiParam(name = "k", type = Integer.class, description = "how many items (default api.default-k, at most api.max-k)"),
                    @OpenApiParam(name = "category", description = "only items of this catalogue category"),
                    @OpenApiParam(name = "exclude", description = "seen (default: items the user recently interacted "
                            + "with or bought), bought (only bought ones) or none"),
                    @OpenApiParam(name = "explain", type = Boolean.class, description = "add reasons to each item"),
                    @OpenApiParam(name = "seed", type = Long.class, description = "makes exploration reproducible: the "
                            + "same seed, user and state give the same list"),
                    @OpenApiParam(name = "include", description = "repeats: put the items the user is likely to buy "
                            + "again (as GET /v1/users/{userId}/buy-again ranks them) first, in up to rank.repeat-share "
                            + "of the list, with reasons such as \"you buy this every ~3 weeks\" when explain=true")},
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = RecommendationResponse.class)),
                    @OpenApiResponse(status = "400", description = "Invalid userId, k, category, exclude, explain, seed or include",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No secret key and no valid user token (api.user-reads "
                            + "= token, the default), or an unknown key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "A user token for another user, or a publishable key "
                            + "from an origin outside api.allowed-origins", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "429", description = "The publishable key's rate limit; retry after Retry-After",
                            content = @OpenApiContent(from = ApiError.class))})
    public void recommendations(Context ctx) {
        String userId = Params.id(ctx, "userId");
        int k = Params.intParam(ctx, "k", defaultK, 1, maxK);
        String category = Params.optionalName(ctx, "category", EventParser.MAX_CATEGORY_LENGTH);
        RecommendationService.Exclude exclude = RecommendationService.Exclude.valueOf(
                Params.choice(ctx, "exclude", "seen", RecommendationService.Exclude.NAMES).toUpperCase(Locale.ROOT));
        boolean explain = Params.boolParam(ctx, "explain", false);
        Long seed = Params.optionalLong(ctx, "seed");
        boolean repeats = Params.choice(ctx, "include", "", INCLUDE).equals("repeats");
        ctx.json(service.recommend(new RecommendationService.Request(userId, k, category, exclude, explain, seed,
                repeats)));
    }

    @OpenApi(
            path = "/v1/items/{itemId}/similar",
            methods = HttpMethod.GET,
            tags = "recommendations",
            summary = "Items similar to an item",
            description = "Items whose learned vectors point the same way (cosine similarity of the factor vectors, "
                    + "bias left out), or whose catalogue texts are similar (cosine similarity of their text "
                    + "embeddings): by=content asks for text, by=model for the learned vectors, by=auto (default) "
                    + "takes text while the model has learned the item from fewer than content.similar-min-events "
                    + "events; unavailable and deleted items never appear, nor the item itself.",
            security = {@OpenApiSecurity(name = ""), @OpenApiSecurity(name = "ApiKey"),
                    @OpenApiSecurity(name = "PublishableKey")},
            pathParams = @OpenApiParam(name = "itemId", required = true, description = "1–128 characters"),
            queryParams = {
                    @OpenApiParam(name = "k", type = Integer.class, description = "how many items (default api.default-k, at most api.max-k)"),
                    @OpenApiParam(name = "category", description = "only items of this catalogue category"),
                    @OpenApiParam(name = "explain", type = Boolean.class, description = "add reasons to each item"),
                    @OpenApiParam(name = "by", description = "auto (default), model or content")},
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = SimilarItemsResponse.class)),
                    @OpenApiResponse(status = "400", description = "Invalid itemId, k, category, explain or by",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "An unknown key, or none while read keys are configured",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "A publishable key from an origin outside api.allowed-origins",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "429", description = "The publishable key's rate limit; retry after Retry-After",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "404", description = "The model has no vector for the item (yet), or "
                            + "by=content and the item has no text embedding",
                            content = @OpenApiContent(from = ApiError.class))})
    public void similar(Context ctx) {
        String itemId = Params.id(ctx, "itemId");
        int k = Params.intParam(ctx, "k", defaultK, 1, maxK);
        String category = Params.optionalName(ctx, "category", EventParser.MAX_CATEGORY_LENGTH);
        boolean explain = Params.boolParam(ctx, "explain", false);
        SimilarItemsService.By by = SimilarItemsService.By.valueOf(
                Params.choice(ctx, "by", "auto", SimilarItemsService.BY_NAMES).toUpperCase(Locale.ROOT));
        ctx.json(similar.similar(itemId, k, category, explain, by));
    }
}
