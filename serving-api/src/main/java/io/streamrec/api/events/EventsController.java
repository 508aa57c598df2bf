package io.streamrec.api.events;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import io.streamrec.api.error.ApiError;
import io.streamrec.api.error.ApiException;
import io.streamrec.api.openapi.EventSchema;
import java.io.IOException;
import java.io.InputStream;

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
            description = "One event object or an array of up to api.max-batch (1,000) events. Valid events are "
                    + "stored in Kafka (acks=all) before the answer; invalid ones are listed with the reason.",
            requestBody = @OpenApiRequestBody(required = true, content = {
                    @OpenApiContent(from = EventSchema.class),
                    @OpenApiContent(from = EventSchema[].class)}),
            responses = {
                    @OpenApiResponse(status = "202", description = "Stored; rejected elements of a batch are listed",
                            content = @OpenApiContent(from = IngestResponse.class)),
                    @OpenApiResponse(status = "400", description = "Malformed JSON, an invalid single event, an empty "
                            + "or oversized array, or an array with no valid event",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "413", description = "Body larger than api.max-body-bytes",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "Kafka did not store the events; retry after the "
                            + "Retry-After header", content = @OpenApiContent(from = ApiError.class))})
    public void post(Context ctx) {
        byte[] body = readBounded(ctx, maxBodyBytes);
        ctx.status(HttpStatus.ACCEPTED).json(service.ingest(body));
    }

    /** The request body, or 413 when it is (or claims to be) larger than {@code max} bytes. */
    static byte[] readBounded(Context ctx, long max) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE,
                    "request body of " + declared + " bytes is larger than the limit of " + max + " bytes");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new ApiException(HttpStatus.CONTENT_TOO_LARGE,
                        "request body is larger than the limit of " + max + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("could not read the request body: " + e.getMessage());
        }
    }
}
