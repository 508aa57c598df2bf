package io.streamrec.api.experiment;

import io.javalin.http.Context;
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

/** The experiment endpoints: parse, validate, call the {@link ExperimentService}. */
public final class ExperimentsController {
    private final ExperimentService service;
    private final long maxBodyBytes;

    public ExperimentsController(ExperimentService service, long maxBodyBytes) {
        this.service = service;
        this.maxBodyBytes = maxBodyBytes;
    }

    @OpenApi(path = "/v1/experiments/{experimentId}", methods = HttpMethod.PUT, tags = "experiments",
            summary = "Create or replace an experiment",
            description = "Variants with traffic shares summing to 1, each the served ranking with rank.* overrides or a "
                    + "baseline. Users are assigned by a salted hash of their id. Every API process uses it within a "
                    + "second. Needs an admin key.",
            security = @OpenApiSecurity(name = "ApiKey"),
            pathParams = @OpenApiParam(name = "experimentId", required = true, description = "1–64 letters, digits, '-' or '_'"),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = ExperimentView.class)),
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = ExperimentView.class)),
                    @OpenApiResponse(status = "400", description = "Invalid definition; each problem names its field",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "Not an admin key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "413", description = "Body larger than api.max-body-bytes",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "Redis unavailable", content = @OpenApiContent(from = ApiError.class))})
    public void put(Context ctx) {
        ctx.json(service.put(Params.id(ctx, "experimentId"), Bodies.readBounded(ctx, maxBodyBytes)));
    }

    @OpenApi(path = "/v1/experiments", methods = HttpMethod.GET, tags = "experiments", summary = "Every experiment",
            security = @OpenApiSecurity(name = "ApiKey"),
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = ExperimentView[].class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "A publishable key", content = @OpenApiContent(from = ApiError.class))})
    public void list(Context ctx) {
        ctx.json(service.list());
    }

    @OpenApi(path = "/v1/experiments/{experimentId}", methods = HttpMethod.GET, tags = "experiments", summary = "One experiment",
            security = @OpenApiSecurity(name = "ApiKey"),
            pathParams = @OpenApiParam(name = "experimentId", required = true),
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = ExperimentView.class)),
                    @OpenApiResponse(status = "400", description = "Invalid experimentId", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "A publishable key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "404", description = "No such experiment", content = @OpenApiContent(from = ApiError.class))})
    public void get(Context ctx) {
        ctx.json(service.get(Params.id(ctx, "experimentId")));
    }

    @OpenApi(path = "/v1/experiments/{experimentId}/start", methods = HttpMethod.POST, tags = "experiments",
            summary = "Start (or restart) splitting traffic", security = @OpenApiSecurity(name = "ApiKey"),
            pathParams = @OpenApiParam(name = "experimentId", required = true),
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = ExperimentView.class)),
                    @OpenApiResponse(status = "400", description = "Invalid experimentId", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "Not an admin key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "404", description = "No such experiment", content = @OpenApiContent(from = ApiError.class))})
    public void start(Context ctx) {
        ctx.json(service.setRunning(Params.id(ctx, "experimentId"), true, null));
    }

    @OpenApi(path = "/v1/experiments/{experimentId}/stop", methods = HttpMethod.POST, tags = "experiments",
            summary = "Stop splitting traffic; serve the winner",
            description = "Everyone gets the variant named by the query parameter winner, or the default ranking without one.",
            security = @OpenApiSecurity(name = "ApiKey"),
            pathParams = @OpenApiParam(name = "experimentId", required = true),
            queryParams = @OpenApiParam(name = "winner", description = "a variant's name"),
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = ExperimentView.class)),
                    @OpenApiResponse(status = "400", description = "Invalid experimentId or unknown winner",
                            content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "Not an admin key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "404", description = "No such experiment", content = @OpenApiContent(from = ApiError.class))})
    public void stop(Context ctx) {
        ctx.json(service.setRunning(Params.id(ctx, "experimentId"), false, Params.optionalName(ctx, "winner", 64)));
    }

    @OpenApi(path = "/v1/experiments/{experimentId}/results", methods = HttpMethod.GET, tags = "experiments",
            summary = "Counts, rates and their statistics per variant",
            description = "Counts as attributed by the job (impressions, clicks, add-to-carts, purchases, revenue, users, "
                    + "unattributed), click-through and conversion per impression with 95% intervals, lift against control "
                    + "with its interval, the z-test p-value (valid for one look) and the always-valid p-value (valid "
                    + "however often you look), variances from users by the delta method; and the sample-ratio check.",
            security = @OpenApiSecurity(name = "ApiKey"),
            pathParams = @OpenApiParam(name = "experimentId", required = true),
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = ExperimentResults.class)),
                    @OpenApiResponse(status = "400", description = "Invalid experimentId", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "A publishable key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "404", description = "No such experiment", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "503", description = "Redis unavailable", content = @OpenApiContent(from = ApiError.class))})
    public void results(Context ctx) {
        ctx.json(service.results(Params.id(ctx, "experimentId")));
    }

    @OpenApi(path = "/v1/experiments/{experimentId}/assignment", methods = HttpMethod.GET, tags = "experiments",
            summary = "The variant a user gets", security = @OpenApiSecurity(name = "ApiKey"),
            pathParams = @OpenApiParam(name = "experimentId", required = true),
            queryParams = @OpenApiParam(name = "userId", required = true),
            responses = {
                    @OpenApiResponse(status = "200", content = @OpenApiContent(from = Assigned.class)),
                    @OpenApiResponse(status = "400", description = "Invalid experimentId or userId", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "401", description = "No or unknown API key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "403", description = "A publishable key", content = @OpenApiContent(from = ApiError.class)),
                    @OpenApiResponse(status = "404", description = "No such experiment", content = @OpenApiContent(from = ApiError.class))})
    public void assignment(Context ctx) {
        String experiment = Params.id(ctx, "experimentId");
        String user = Params.optionalName(ctx, "userId", 256);
        if (user == null) {
            throw io.streamrec.api.error.ApiException.badRequest("userId: required");
        }
        ctx.json(new Assigned(experiment, user, service.variantOf(experiment, user)));
    }

    /** The variant of one user; {@code variant} absent: the default ranking (a stopped experiment without a winner). */
    public record Assigned(String experimentId, String userId, String variant) {}
}
