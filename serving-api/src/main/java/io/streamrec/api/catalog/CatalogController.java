package io.streamrec.api.catalog;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import io.javalin.openapi.OpenApiSecurity;
import io.streamrec.api.Bodies;
import io.streamrec.api.Params;
import io.streamrec.api.error.ApiError;
import io.streamrec.api.openapi.ItemSchema;

/** The catalogue endpoints: parse, validate, call the {@link CatalogService}. */
public final class CatalogController {
    private final CatalogService service;
    private final long maxBodyBytes;
    private final int maxBatch;

    public CatalogController(CatalogService service, long maxBodyBytes, int maxBatch) {
        this.service = service;
        this.maxBodyBytes = maxBodyBytes;
        this.maxBatch = maxBatch;
    }

    @OpenApi(
            path = "/v1/items/{itemId}",
            methods = HttpMethod.PUT,
            tags = "catalogue",
            summary = "Create or replace one catalogue item",
            description = "Category, tags, price and availability of an item. Takes effect in this API process at "
                    + "once and in every other process and the job through the change feed. Needs an admin key.",
            security = @OpenApiSecurity(name = "ApiKey"),
            pathParams = @OpenApiParam(name = "itemId", required = true, description = "1–128 characters"),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = ItemSchema.class)),
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = CatalogEntry.class)),
                    @OpenApiResponse(status = "400", description = "Invalid itemId or item",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "The key may not change the catalogue",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "413", description = "Body larger than api.max-body-bytes",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "Redis unavailable",
                            content = @OpenApiContent(from = ApiError.class))})
    public void put(Context ctx) {
        String itemId = Params.id(ctx, "itemId");
        ctx.json(service.put(itemId, Bodies.readBounded(ctx, maxBodyBytes)));
    }

    @OpenApi(
            path = "/v1/items",
            methods = HttpMethod.POST,
            tags = "catalogue",
            summary = "Create or replace many catalogue items",
            description = "A JSON array or JSON Lines (one item per line) of up to api.max-batch items, each with its "
                    + "itemId. Valid items are stored, invalid ones listed with the reason. Needs an admin key.",
            security = @OpenApiSecurity(name = "ApiKey"),
            requestBody = @OpenApiRequestBody(required = true, content = {
                    @OpenApiContent(from = ItemSchema[].class),
                    @OpenApiContent(from = String.class, mimeType = "application/x-ndjson")}),
            responses = {
                    @OpenApiResponse(status = "200", description = "Stored; rejected items are listed",
                            content = @OpenApiContent(from = CatalogBulkResponse.class)),
                    @OpenApiResponse(status = "400", description = "Malformed body, empty or oversized batch, no valid item",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "The key may not change the catalogue",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "413", description = "Body larger than api.max-body-bytes",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "Redis unavailable",
                            content = @OpenApiContent(from = ApiError.class))})
    public void post(Context ctx) {
        ctx.json(service.putAll(Bodies.readBounded(ctx, maxBodyBytes), maxBatch));
    }

    @OpenApi(
            path = "/v1/items/{itemId}",
            methods = HttpMethod.DELETE,
            tags = "catalogue",
            summary = "Delete a catalogue item",
            description = "The item is not recommended any more, from the next request on (in other API processes "
                    + "within the change-feed lag). Idempotent. Needs an admin key.",
            security = @OpenApiSecurity(name = "ApiKey"),
            pathParams = @OpenApiParam(name = "itemId", required = true, description = "1–128 characters"),
            responses = {
                    @OpenApiResponse(status = "204", description = "Deleted"),
                    @OpenApiResponse(status = "400", description = "Invalid itemId",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "The key may not change the catalogue",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "Redis unavailable",
                            content = @OpenApiContent(from = ApiError.class))})
    public void delete(Context ctx) {
        service.delete(Params.id(ctx, "itemId"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    @OpenApi(
            path = "/v1/items/{itemId}",
            methods = HttpMethod.GET,
            tags = "catalogue",
            summary = "One catalogue item",
            security = {@OpenApiSecurity(name = ""), @OpenApiSecurity(name = "ApiKey"),
                    @OpenApiSecurity(name = "PublishableKey")},
            pathParams = @OpenApiParam(name = "itemId", required = true, description = "1–128 characters"),
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = CatalogEntry.class)),
                    @OpenApiResponse(status = "400", description = "Invalid itemId",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "An unknown key, or none while read keys are configured",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "A publishable key from an origin outside api.allowed-origins",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "429", description = "The publishable key's rate limit; retry after Retry-After",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "404", description = "Not in the catalogue (or deleted)",
                            content = @OpenApiContent(from = ApiError.class))})
    public void get(Context ctx) {
        ctx.json(service.get(Params.id(ctx, "itemId")));
    }
}
