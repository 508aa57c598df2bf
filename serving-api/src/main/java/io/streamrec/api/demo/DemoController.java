package io.streamrec.api.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.openapi.OpenApi;
import io.streamrec.api.Bodies;
import io.streamrec.api.auth.TokenService;
import io.streamrec.api.error.ApiException;
import io.streamrec.core.event.EventParser;

/**
 * The local demo's stand-in for a shop's backend (only with {@code api.demo=true}): it hands the
 * storefront page at /demo its publishable key and mints a user token for whichever shopper the page
 * plays. Not in the OpenAPI document: no production API has these routes.
 */
public final class DemoController {
    /** What the storefront page needs to call the API. */
    public record DemoConfig(String publishableKey) {}

    private final TokenService tokens;
    private final String publishableKey;

    public DemoController(TokenService tokens, String publishableKey) {
        this.tokens = tokens;
        this.publishableKey = publishableKey;
    }

    @OpenApi(path = "/demo/config", ignore = true)
    public void config(Context ctx) {
        ctx.json(new DemoConfig(publishableKey));
    }

    @OpenApi(path = "/demo/token", ignore = true)
    public void token(Context ctx) {
        JsonNode body = Bodies.json(Bodies.readBounded(ctx, 4096), "body");
        String userId = body.path("userId").isTextual() ? body.get("userId").asText() : null;
        String problem = EventParser.stringProblem("userId", userId, EventParser.MAX_ID_LENGTH);
        if (problem != null) {
            throw ApiException.badRequest(problem);
        }
        ctx.json(tokens.forUser(userId));
    }
}
