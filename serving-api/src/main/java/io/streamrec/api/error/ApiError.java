package io.streamrec.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one JSON error shape of the API: {@code {title, status, detail}} (RFC 9457 style). A batch
 * request whose every element was rejected also lists them in {@code rejected}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String title, int status, String detail, List<Rejected> rejected) {

    public ApiError(String title, int status, String detail) {
        this(title, status, detail, null);
    }

    /** One rejected element of a batch: its position in the array and why. */
    public record Rejected(int index, String reason) {}
}
