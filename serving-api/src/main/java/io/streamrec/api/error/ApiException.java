package io.streamrec.api.error;

import io.javalin.http.HttpStatus;
import java.util.List;

/** A failure with an HTTP status and a message meant for the client (never a stack trace). */
public class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final List<ApiError.Rejected> rejected;
    private final Integer retryAfterSeconds;

    public ApiException(HttpStatus status, String detail) {
        this(status, detail, null, null);
    }

    public ApiException(HttpStatus status, String detail, List<ApiError.Rejected> rejected, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.rejected = rejected;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail);
    }

    public static ApiException unavailable(String detail, int retryAfterSeconds) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail, null, retryAfterSeconds);
    }

    public HttpStatus status() {
        return status;
    }

    public List<ApiError.Rejected> rejected() {
        return rejected;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
