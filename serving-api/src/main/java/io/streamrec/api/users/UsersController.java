package io.streamrec.api.users;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import io.javalin.openapi.OpenApiSecurity;
import io.streamrec.api.Params;
import io.streamrec.api.error.ApiError;

/** DELETE /v1/users/{userId}: validate, ask the {@link ForgetUserService}. */
public final class UsersController {
    private final ForgetUserService service;

    public UsersController(ForgetUserService service) {
        this.service = service;
    }

    @OpenApi(
            path = "/v1/users/{userId}",
            methods = HttpMethod.DELETE,
            tags = "users",
            summary = "Forget a user",
            description = "Deletes every Redis key about the user now and sends a tombstone through Kafka so the "
                    + "learning job clears the user's state (and deletes the keys again after the user's earlier "
                    + "events). Idempotent. Needs an admin key.",
            security = @OpenApiSecurity(name = "ApiKey"),
            pathParams = @OpenApiParam(name = "userId", required = true, description = "1–128 characters"),
            responses = {
                    @OpenApiResponse(status = "202", content = @OpenApiContent(from = ForgetUserResponse.class)),
                    @OpenApiResponse(status = "400", description = "Invalid userId",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "The key may not forget users",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "Kafka or Redis unavailable; retry after Retry-After",
                            content = @OpenApiContent(from = ApiError.class))})
    public void delete(Context ctx) {
        ctx.status(HttpStatus.ACCEPTED).json(service.forget(Params.id(ctx, "userId")));
    }
}
