package io.streamrec.api.events;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import io.javalin.openapi.OpenApiSecurity;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.api.Bodies;
import io.streamrec.api.auth.AccessControl;
import io.streamrec.api.error.ApiError;
import io.streamrec.api.error.ApiException;
import io.streamrec.api.openapi.EventSchema;

/**
 * POST /v1/events and its beacon twin: read the body within its size limit, learn who sent it and
 * hand it to the {@link IngestService}.
 */
public final class EventsController {
    private final IngestService service;
    private final long maxBodyBytes;

    private final AccessControl access;

    public EventsController(IngestService service, AccessControl access, long maxBodyBytes) {
        this.service = service;
        this.access = access;
        this.maxBodyBytes = maxBodyBytes;
    }

    @OpenApi(
            path = "/v1/events",
            methods = HttpMethod.POST,
            tags = "events",
            summary = "Send user events",
            description = "One event object or an array of up to api.max-batch (1,000) events. Needs a secret write "
                    + "or admin key, or a publishable key with a user token: then every event must be the token's "
                    + "user's and of api.publishable-event-types. Valid events are stored in Kafka (acks=all) before "
                    + "the answer; invalid ones are listed with the reason.",
            security = {@OpenApiSecurity(name = "ApiKey"), @OpenApiSecurity(name = "PublishableKey+UserToken")},
            requestBody = @OpenApiRequestBody(required = true, content = {
                    @OpenApiContent(from = EventSchema.class),
                    @OpenApiContent(from = EventSchema[].class)}),
            responses = {
                    @OpenApiResponse(status = "202", description = "Stored; rejected elements of a batch are listed",
                            content = @OpenApiContent(from = IngestResponse.class)),
                    @OpenApiResponse(status = "400", description = "Malformed JSON, an invalid single event, an empty "
                            + "or oversized array, or an array with no valid event",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key, or a publishable key without "
                            + "a valid user token", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "A read key; or, with a publishable key, an event of "
                            + "another user or of a type it may not send, or an origin outside api.allowed-origins",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "413", description = "Body larger than api.max-body-bytes",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "429", description = "The publishable key's rate limit; retry after Retry-After",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "Kafka did not store the events; retry after the "
                            + "Retry-After header", content = @OpenApiContent(from = ApiError.class))})
    public void post(Context ctx) {
        byte[] body = Bodies.readBounded(ctx, maxBodyBytes);
        ctx.status(HttpStatus.ACCEPTED).json(service.ingest(body, AccessControl.caller(ctx)));
    }

    @OpenApi(
            path = "/v1/events/beacon",
            methods = HttpMethod.POST,
            tags = "events",
            summary = "Send user events from navigator.sendBeacon",
            description = "For a page that is being hidden or closed: a beacon cannot set headers, so the publishable "
                    + "key and the user token travel in the body, which may have any content type (text/plain "
                    + "avoids a CORS preflight). Otherwise as POST /v1/events with a publishable key.",
            security = @OpenApiSecurity(name = ""),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = BeaconBody.class)),
            responses = {
                    @OpenApiResponse(status = "202", description = "Stored; rejected events are listed",
                            content = @OpenApiContent(from = IngestResponse.class)),
                    @OpenApiResponse(status = "400", description = "Malformed JSON, no events array, or no valid event",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No publishable key in key, or no valid user token in token",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "An event of another user or of a type the key may "
                            + "not send, or an origin outside api.allowed-origins", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "413", description = "Body larger than api.max-body-bytes",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "429", description = "The publishable key's rate limit; retry after Retry-After",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "Kafka did not store the events",
                            content = @OpenApiContent(from = ApiError.class))})
    public void beacon(Context ctx) {
        JsonNode root = Bodies.json(Bodies.readBounded(ctx, maxBodyBytes), "a beacon body");
        if (!root.isObject() || !root.path("key").isTextual() || !root.path("token").isTextual()
                || !root.path("events").isArray()) {
            throw ApiException.badRequest("a beacon body is {\"key\": publishable key, \"token\": user token, "
                    + "\"events\": [...]}");
        }
        var caller = access.admitBeacon(ctx, root.get("key").asText(), root.get("token").asText());
        ctx.status(HttpStatus.ACCEPTED).json(service.ingest(root.get("events"), caller));
    }
}
