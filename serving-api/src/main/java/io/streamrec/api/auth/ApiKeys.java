package io.streamrec.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The configured API keys, presented in the {@code X-API-Key} header. Secret keys (admin, write,
 * read) stay on servers; publishable keys may ship in a page or an app. Keys are kept and compared
 * as SHA-256 digests with {@link MessageDigest#isEqual} against every configured key (no early exit),
 * so the comparison takes the same time whichever key, or how much of one, matches. What each kind
 * may do is {@link AccessControl}'s business.
 */
public final class ApiKeys {
    public static final String HEADER = "X-API-Key";
    /** Shortest key accepted in configuration. */
    public static final int MIN_KEY_LENGTH = 16;
    private static final int MAX_PRESENTED_LENGTH = 256;

    /** What a presented key is. */
    public enum Kind {
        ADMIN, WRITE, READ, PUBLISHABLE,
        /** No key was presented. */
        NONE,
        /** A key was presented that is not configured. */
        UNKNOWN;

        public boolean secret() {
            return this == ADMIN || this == WRITE || this == READ;
        }
    }

    private final List<byte[]> admin;
    private final List<byte[]> write;
    private final List<byte[]> read;
    private final List<byte[]> publishable;

    public ApiKeys(List<String> adminKeys, List<String> writeKeys, List<String> readKeys, List<String> publishableKeys) {
        this.admin = digests(adminKeys);
        this.write = digests(writeKeys);
        this.read = digests(readKeys);
        this.publishable = digests(publishableKeys);
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

    public boolean readKeysConfigured() {
        return !read.isEmpty();
    }

    /** The most a presented key grants (a key configured at two levels counts at the higher). */
    public Kind kind(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Kind.NONE;
        }
        if (presented.length() > MAX_PRESENTED_LENGTH) {
            return Kind.UNKNOWN;
        }
        byte[] digest = digest(presented);
        boolean isAdmin = matches(admin, digest);
        boolean isWrite = matches(write, digest);
        boolean isRead = matches(read, digest);
        boolean isPublishable = matches(publishable, digest);
        return isAdmin ? Kind.ADMIN : isWrite ? Kind.WRITE : isRead ? Kind.READ
                : isPublishable ? Kind.PUBLISHABLE : Kind.UNKNOWN;
    }

    /** A name for a publishable key that is not the key (rate-limit buckets, logs). */
    public static String fingerprint(String key) {
        byte[] d = digest(key);
        StringBuilder sb = new StringBuilder("pk#");
        for (int i = 0; i < 4; i++) {
            sb.append(String.format("%02x", d[i]));
        }
        return sb.toString();
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
