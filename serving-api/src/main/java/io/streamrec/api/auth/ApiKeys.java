package io.streamrec.api.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.streamrec.api.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * API keys from configuration, sent in the {@code X-API-Key} header. Three levels: an admin key may
 * do everything, a write key may send events and read, a read key may only read. Reads are open
 * unless read keys are configured. Keys are kept and compared as SHA-256 digests with
 * {@link MessageDigest#isEqual} against every configured key (no early exit), so the comparison
 * takes the same time whichever key, or how much of one, matches.
 */
public final class ApiKeys {
    public static final String HEADER = "X-API-Key";
    /** Shortest key accepted in configuration. */
    public static final int MIN_KEY_LENGTH = 16;
    private static final int MAX_PRESENTED_LENGTH = 256;

    /** What a route needs. */
    public enum Access { READ, WRITE, ADMIN }

    private final List<byte[]> admin;
    private final List<byte[]> write;
    private final List<byte[]> read;

    public ApiKeys(List<String> adminKeys, List<String> writeKeys, List<String> readKeys) {
        this.admin = digests(adminKeys);
        this.write = digests(writeKeys);
        this.read = digests(readKeys);
    }

    /** Splits a comma-separated configuration value; blank entries are ignored. */
    public static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        for (String k : csv.split(",")) {
            if (!k.isBlank()) {
                out.add(k.trim());
            }
        }
        return out;
    }

    /** The problem with a list of configured keys, or null (keys must be at least 16 characters). */
    public static String problem(String configKey, List<String> keys) {
        for (String k : keys) {
            if (k.length() < MIN_KEY_LENGTH) {
                return configKey + ": every key must be at least " + MIN_KEY_LENGTH + " characters (one has "
                        + k.length() + ")";
            }
        }
        return null;
    }

    /** Wraps {@code handler} so that it runs only for a request whose key grants {@code access}. */
    public Handler require(Access access, Handler handler) {
        return ctx -> {
            check(ctx, access);
            handler.handle(ctx);
        };
    }

    void check(Context ctx, Access access) {
        if (access == Access.READ && read.isEmpty()) {
            return; // reads are open unless read keys are configured
        }
        String presented = ctx.header(HEADER);
        if (presented == null || presented.isEmpty()) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "this endpoint needs an API key in the " + HEADER + " header");
        }
        if (presented.length() > MAX_PRESENTED_LENGTH) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "unknown API key");
        }
        byte[] digest = digest(presented);
        boolean isAdmin = matches(admin, digest);
        boolean isWrite = matches(write, digest);
        boolean isRead = matches(read, digest);
        if (!isAdmin && !isWrite && !isRead) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "unknown API key");
        }
        boolean granted = switch (access) {
            case ADMIN -> isAdmin;
            case WRITE -> isAdmin || isWrite;
            case READ -> true;
        };
        if (!granted) {
            throw new ApiException(HttpStatus.FORBIDDEN, "this API key may not " + (access == Access.ADMIN
                    ? "change the catalogue or forget users (an admin key is needed)" : "send events (a write key is needed)"));
        }
    }

    /** Compares against every key, whatever matched before. */
    private static boolean matches(List<byte[]> keys, byte[] digest) {
        boolean found = false;
        for (byte[] k : keys) {
            found |= MessageDigest.isEqual(k, digest);
        }
        return found;
    }

    private static List<byte[]> digests(List<String> keys) {
        List<byte[]> out = new ArrayList<>(keys.size());
        keys.forEach(k -> out.add(digest(k)));
        return out;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
