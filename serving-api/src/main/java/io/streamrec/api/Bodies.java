package io.streamrec.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.streamrec.api.error.ApiException;
import io.streamrec.core.event.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Request bodies: read within the size limit, parsed with the contract's strict JSON rules. */
public final class Bodies {
    private Bodies() {}

    /**
     * Bodies up to this size are read to the end (and dropped) before a 413, so that a client still
     * uploading gets the answer instead of a connection closed under it; larger ones are cut off.
     */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    /** The request body, or 413 when it is (or claims to be) larger than {@code max} bytes. */
    public static byte[] readBounded(Context ctx, long max) {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > max) {
                if (declared <= DRAIN_LIMIT) {
                    drain(in);
                }
                throw new ApiException(HttpStatus.CONTENT_TOO_LARGE,
                        "request body of " + declared + " bytes is larger than the limit of " + max + " bytes");
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                drain(in); // a chunked body without a declared length
                throw new ApiException(HttpStatus.CONTENT_TOO_LARGE,
                        "request body is larger than the limit of " + max + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    /**
     * Reads and drops what a handler left of the request body (a route that takes no body, a request
     * refused before its body was read), up to {@link #DRAIN_LIMIT}. Jetty closes a connection whose
     * request body was not consumed, without telling the client, whose next request on it then fails;
     * HttpFuzzTest found this. Runs after every request.
     */
    public static void drainUnread(Context ctx) {
        try {
            drain(ctx.req().getInputStream());
        } catch (IOException | IllegalStateException e) {
            // the body was already read as a reader, or the client went away: nothing left to keep the connection for
        }
    }

    /** Reads and drops up to {@link #DRAIN_LIMIT} bytes. */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < DRAIN_LIMIT && (n = in.read(buffer)) > 0) {
            total += n;
        }
    }

    /** One JSON value; 400 on an empty body or malformed JSON. */
    public static JsonNode json(byte[] body, String what) {
        if (body.length == 0) {
            throw ApiException.badRequest("empty body: send " + what);
        }
        try {
            return EventJson.readTree(body);
        } catch (EventJson.InvalidJsonException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** One element of a bulk body: the parsed value, or why its line could not be parsed. */
    public record Element(JsonNode node, String problem) {}

    /**
     * A bulk body: a JSON array, or JSON Lines (one value per non-blank line; a malformed line is one
     * rejected element, not a failed request). 400 when empty or larger than {@code max} elements.
     */
    public static List<Element> bulk(byte[] body, int max, String what) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw ApiException.badRequest("empty body: send a JSON array of " + what + " or one per line (JSON Lines)");
        }
        List<Element> out = new ArrayList<>();
        if (text.startsWith("[")) {
            JsonNode root = json(body, "a JSON array of " + what);
            root.forEach(n -> out.add(new Element(n, null)));
        } else {
            for (String line : text.split("\r?\n")) {
                if (line.isBlank()) {
                    continue;
                }
                if (out.size() == max) {
                    throw ApiException.badRequest("too many " + what + " in one request: more than " + max
                            + " (at most " + max + ")");
                }
                try {
                    out.add(new Element(EventJson.readTree(line), null));
                } catch (EventJson.InvalidJsonException e) {
                    out.add(new Element(null, e.getMessage()));
                }
            }
        }
        if (out.isEmpty()) {
            throw ApiException.badRequest("empty array: send at least one of " + what);
        }
        if (out.size() > max) {
            throw ApiException.badRequest("too many " + what + " in one request: " + out.size() + " (at most " + max + ")");
        }
        return out;
    }
}
