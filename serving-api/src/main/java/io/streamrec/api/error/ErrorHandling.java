package io.streamrec.api.error;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become responses: every error is {@link ApiError} JSON; client errors are
 * logged at WARN without a stack trace, server errors at ERROR with one (in the log, never in the
 * response).
 */
public final class ErrorHandling {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

    private ErrorHandling() {}

    public static void register(JavalinConfig config) {
        config.routes.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() != null) {
                ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
            }
            respond(ctx, e.status(), e.getMessage(), e.rejected(), null);
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            HttpStatus status = HttpStatus.forStatus(e.getStatus());
            respond(ctx, status, detailFor(ctx, status, e.getMessage()), null, null);
        });
        config.routes.exception(Exception.class, (e, ctx) ->
                respond(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error; see the server log", null, e));
    }

    /** Javalin's own responses (no route, wrong method, body too large) in our words. */
    private static String detailFor(Context ctx, HttpStatus status, String message) {
        switch (status) {
            case NOT_FOUND:
                return "no such resource: " + ctx.method() + " " + ctx.path();
            case METHOD_NOT_ALLOWED:
                return ctx.method() + " is not allowed on " + ctx.path();
            case CONTENT_TOO_LARGE:
                return "request body too large";
            default:
                break;
        }
        return message == null || message.isBlank() ? status.getMessage() : message;
    }

    static void respond(Context ctx, HttpStatus status, String detail, java.util.List<ApiError.Rejected> rejected,
                        Exception cause) {
        int code = status.getCode();
        if (code >= 500) {
            if (cause != null) {
                LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), cause.toString(), cause);
            } else {
                LOG.error("{} {} -> {}: {}", ctx.method(), ctx.path(), code, detail);
            }
        } else {
            LOG.warn("{} {} -> {}: {}", ctx.method(), ctx.path(), code, detail);
        }
        ctx.status(code).json(new ApiError(status.getMessage(), code, detail, rejected));
    }
}
