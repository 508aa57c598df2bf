package io.streamrec.launcher;

import io.streamrec.client.ApiClient;
import io.streamrec.client.ApiException;
import java.time.Duration;

/** The API's generated client (clients/java) pointed at a running API. */
public final class ApiClients {
    private ApiClients() {}

    /**
     * A client for {@code apiBase} that sends {@code apiKey} (null: none) as X-API-Key and gives up on an
     * answer after {@code readTimeout}.
     */
    public static ApiClient of(String apiBase, String apiKey, Duration readTimeout) {
        ApiClient c = new ApiClient();
        c.updateBaseUri(apiBase);
        c.setConnectTimeout(Duration.ofSeconds(5));
        c.setReadTimeout(readTimeout);
        if (apiKey != null) {
            c.setRequestInterceptor(b -> b.header("X-API-Key", apiKey));
        }
        return c;
    }

    /** "answered 503: {body}" for an answer, else what went wrong on the way. */
    public static String describe(ApiException e) {
        return e.getCode() == 0 ? String.valueOf(e.getCause() != null ? e.getCause() : e.getMessage())
                : "answered " + e.getCode() + ": " + e.getResponseBody();
    }
}
