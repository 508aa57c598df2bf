package io.streamrec.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * User tokens: a shop's backend signs one for a signed-in user, the page or app sends it as
 * {@code Authorization: Bearer <token>}, and the API lets it read that user's recommendations and,
 * with a publishable key, send that user's events.
 *
 * <p>Format: {@code v1.<kid>.<b64u(userId)>.<exp>.<b64u(mac)>}, where {@code b64u} is base64url without
 * padding of the UTF-8 bytes, {@code exp} the expiry in epoch seconds and {@code mac} the
 * HMAC-SHA256, under the secret of {@code kid}, of everything before the last dot. Every configured
 * key verifies (two during a rotation); the first one signs the API's own tokens.
 */
public final class UserTokens {
    public static final String VERSION = "v1";
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** Shortest signing secret accepted in configuration (256 bits of base64 text is 43). */
    public static final int MIN_SECRET_LENGTH = 32;
    private static final int MAX_TOKEN_LENGTH = 1024;
    private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64U_DECODER = Base64.getUrlDecoder();

    /** A token that verified: whose it is and until when (epoch seconds). */
    public record Verified(String userId, long expiresAt, String kid) {}

    /** The token is malformed, forged, signed by an unknown key, expired or valid for too long. */
    public static final class InvalidTokenException extends Exception {
        public InvalidTokenException(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Map<String, byte[]> keys;
    private final String signingKid;
    private final long maxTtlSeconds;
    private final LongSupplier clockMillis;

    /** @param keys kid to secret, in configuration order (the first signs) */
    public UserTokens(Map<String, byte[]> keys, long maxTtlSeconds, LongSupplier clockMillis) {
        this.keys = new LinkedHashMap<>(keys);
        this.signingKid = keys.isEmpty() ? null : keys.keySet().iterator().next();
        this.maxTtlSeconds = maxTtlSeconds;
        this.clockMillis = clockMillis;
    }

    /**
     * Parses {@code api.token-keys}: comma-separated {@code kid:secret} pairs.
     *
     * @throws IllegalArgumentException naming the problem (never the secret)
     */
    public static Map<String, byte[]> parseKeys(String csv) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String pair : ApiKeys.split(csv)) {
            int colon = pair.indexOf(':');
            String kid = colon < 0 ? "" : pair.substring(0, colon);
            if (!KID.matcher(kid).matches()) {
                throw new IllegalArgumentException("every entry must be kid:secret with a kid of 1-32 letters, digits, "
                        + "'-' or '_'");
            }
            String secret = pair.substring(colon + 1);
            if (secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("the secret of kid " + kid + " must be at least " + MIN_SECRET_LENGTH
                        + " characters (it has " + secret.length() + ")");
            }
            if (out.put(kid, secret.getBytes(StandardCharsets.UTF_8)) != null) {
                throw new IllegalArgumentException("kid " + kid + " appears twice");
            }
        }
        return out;
    }

    public boolean canSign() {
        return signingKid != null;
    }

    public long maxTtlSeconds() {
        return maxTtlSeconds;
    }

    /** A token for {@code userId} valid for the longest allowed time, signed with the first key. */
    public String mint(String userId) {
        return mint(userId, expiryFromNow());
    }

    public long expiryFromNow() {
        return clockMillis.getAsLong() / 1000 + maxTtlSeconds;
    }

    public String mint(String userId, long expiresAtEpochSeconds) {
        if (signingKid == null) {
            throw new IllegalStateException("no signing key configured (api.token-keys)");
        }
        return sign(signingKid, keys.get(signingKid), userId, expiresAtEpochSeconds);
    }

    /** The reference signer: what a shop's backend does (docs/security.md has it in Node and Python). */
    public static String sign(String kid, byte[] secret, String userId, long expiresAtEpochSeconds) {
        String payload = VERSION + "." + kid + "." + B64U.encodeToString(userId.getBytes(StandardCharsets.UTF_8))
                + "." + expiresAtEpochSeconds;
        return payload + "." + B64U.encodeToString(hmac(secret, payload));
    }

    /** Checks signature, key, expiry and lifetime; the reason is for the log, not for the client. */
    public Verified verify(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("missing or oversized token");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            throw new InvalidTokenException("not a " + VERSION + " token");
        }
        byte[] secret = keys.get(parts[1]);
        if (secret == null) {
            throw new InvalidTokenException("unknown kid");
        }
        byte[] presented;
        try {
            presented = B64U_DECODER.decode(parts[4]);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("signature is not base64url");
        }
        String payload = token.substring(0, token.lastIndexOf('.'));
        if (!MessageDigest.isEqual(hmac(secret, payload), presented)) {
            throw new InvalidTokenException("bad signature");
        }
        long exp;
        String userId;
        try {
            exp = Long.parseLong(parts[3]);
            userId = new String(B64U_DECODER.decode(parts[2]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("malformed user id or expiry");
        }
        long now = clockMillis.getAsLong() / 1000;
        if (exp <= now) {
            throw new InvalidTokenException("expired");
        }
        if (exp - now > maxTtlSeconds) {
            throw new InvalidTokenException("valid for longer than api.token-max-ttl-seconds");
        }
        if (userId.isEmpty()) {
            throw new InvalidTokenException("empty user id");
        }
        return new Verified(userId, exp, parts[1]);
    }

    private static byte[] hmac(byte[] secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
