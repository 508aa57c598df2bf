package io.streamrec.api.events;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import io.javalin.openapi.OpenApiSecurity;
import io.streamrec.api.error.ApiError;
import io.streamrec.api.Bodies;
import io.streamrec.api.openapi.EventSchema;

/** POST /v1/events: parse the body within its size limit and hand it to the {@link IngestService}. */
public final class EventsController {
    private final IngestService service;
    private final long maxBodyBytes;

    public EventsController(IngestService service, long maxBodyBytes) {
        this.service = service;
        this.maxBodyBytes = maxBodyBytes;
    }

    @OpenApi(
            path = "/v1/events",
            methods = HttpMethod.POST,
            tags = "events",
            summary = "Send user events",
            description = "One event object or an array of up to api.max-batch (1,000) events. Needs a write or admin key. Valid events are "
                    + "stored in Kafka (acks=all) before the answer; invalid ones are listed with the reason.",
            security = @OpenApiSecurity(name = "ApiKey"),
            requestBody = @OpenApiRequestBody(required = true, content = {
                    @OpenApiContent(from = EventSchema.class),
                    @OpenApiContent(from = EventSchema[].class)}),
            responses = {
                    @OpenApiResponse(status = "202", description = "Stored; rejected elements of a batch are listed",
                            content = @OpenApiContent(from = IngestResponse.class)),
                    @OpenApiResponse(status = "400", description = "Malformed JSON, an invalid single event, an empty "
                            + "or oversized array, or an array with no valid event",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "The key may only read",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "413", description = "Body larger than api.max-body-bytes",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "Kafka did not store the events; retry after the "
                            + "Retry-After header", content = @OpenApiContent(from = ApiError.class))})
    public void post(Context ctx) {
        byte[] body = Bodies.readBounded(ctx, maxBodyBytes);
        ctx.status(HttpStatus.ACCEPTED).json(service.ingest(body));
    }
}
