package io.streamrec.api;

import io.javalin.http.Context;
import io.streamrec.api.error.ApiException;
import io.streamrec.core.event.EventParser;

/** Parsing of path and query parameters with the API's 400 messages. */
public final class Params {
    private Params() {}

    /** A path parameter that is an ID under the event contract's rules. */
    public static String id(Context ctx, String name) {
        String v = ctx.pathParam(name);
        String problem = EventParser.stringProblem(name, v, EventParser.MAX_ID_LENGTH);
        if (problem != null) {
            throw ApiException.badRequest(problem);
        }
        return v;
    }

    public static int intParam(Context ctx, String name, int def, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return def;
        }
        int v;
        try {
            v = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": must be a whole number, got '" + EventParser.abbreviate(raw) + "'");
        }
        if (v < min || v > max) {
            throw ApiException.badRequest(name + ": must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    /** An optional whole number (any long); null when absent. */
    public static Long optionalLong(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return null;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": must be a whole number, got '" + EventParser.abbreviate(raw) + "'");
        }
    }

    public static boolean boolParam(Context ctx, String name, boolean def) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return def;
        }
        switch (raw.trim().toLowerCase()) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw ApiException.badRequest(name + ": must be true or false, got '" + EventParser.abbreviate(raw) + "'");
        }
    }

    /** An optional query parameter that must be one of {@code allowed}; {@code def} when absent. */
    public static String choice(Context ctx, String name, String def, java.util.List<String> allowed) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return def;
        }
        if (!allowed.contains(raw)) {
            throw ApiException.badRequest(name + ": must be " + String.join(" or ", allowed) + ", got '" + EventParser.abbreviate(raw) + "'");
        }
        return raw;
    }

    /** An optional query parameter under the event contract's rules for names; null when absent. */
    public static String optionalName(Context ctx, String name, int maxLength) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return null;
        }
        String problem = EventParser.stringProblem(name, raw, maxLength);
        if (problem != null) {
            throw ApiException.badRequest(problem);
        }
        return raw;
    }
}
