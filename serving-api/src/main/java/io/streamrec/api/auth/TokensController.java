package io.streamrec.api.auth;

import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiResponse;
import io.javalin.openapi.OpenApiSecurity;
import io.streamrec.api.error.ApiError;

/** POST /v1/anonymous: a signed id for a visitor who has not signed in. */
public final class TokensController {
    private final TokenService service;

    public TokensController(TokenService service) {
        this.service = service;
    }

    @OpenApi(
            path = "/v1/anonymous",
            methods = HttpMethod.POST,
            tags = "users",
            summary = "A signed anonymous id for a visitor",
            description = "A new random user id (anon-…) and a user token for it, valid api.token-max-ttl-seconds, "
                    + "signed with the first of api.token-keys. A page keeps both (e.g. in localStorage) and uses them "
                    + "like a signed-in user's: the visitor's events are learned from, and the visitor gets the "
                    + "cold-start list until then.",
            security = {@OpenApiSecurity(name = "PublishableKey"), @OpenApiSecurity(name = "ApiKey")},
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = UserTokenResponse.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "A publishable key from an origin outside api.allowed-origins",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "429", description = "The publishable key's rate limit; retry after Retry-After",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "No signing key is configured (api.token-keys)",
                            content = @OpenApiContent(from = ApiError.class))})
    public void anonymous(Context ctx) {
        ctx.json(service.anonymous());
    }
}
