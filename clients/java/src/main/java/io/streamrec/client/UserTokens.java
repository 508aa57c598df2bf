package io.streamrec.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints user tokens in a shop's backend: a signed-in user's page or app sends one as
 * {@code Authorization: Bearer <token>} to read that user's recommendations (and, with a publishable
 * key, to send that user's events). The API verifies it with the same secret, configured under the same
 * kid in {@code api.token-keys}.
 *
 * <p>Format: {@code v1.<kid>.<b64u(userId)>.<exp>.<b64u(sig)>}, where b64u is base64url without padding
 * of the UTF-8 bytes, exp the expiry in epoch seconds (decimal) and sig the HMAC-SHA256, under the
 * secret, of {@code "v1." + kid + "." + b64u(userId) + "." + exp}.
 */
public final class UserTokens {
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();

    private UserTokens() {}

    /** A token for {@code userId}, valid until {@code expiry} (whole seconds), signed with the secret's UTF-8 bytes. */
    public static String mint(String kid, String secret, String userId, Instant expiry) {
        return mint(kid, Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8), userId, expiry);
    }

    /** A token for {@code userId}, valid until {@code expiry} (whole seconds), signed with {@code secret}. */
    public static String mint(String kid, byte[] secret, String userId, Instant expiry) {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(expiry, "expiry");
        if (!KID.matcher(kid).matches()) {
            throw new IllegalArgumentException("kid must be 1-32 letters, digits, '-' or '_'");
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        if (userId.isEmpty()) {
            throw new IllegalArgumentException("userId must not be empty");
        }
        if (expiry.getEpochSecond() <= 0) {
            throw new IllegalArgumentException("expiry must be after 1970-01-01T00:00:00Z");
        }
        String payload = "v1." + kid + "." + B64U.encodeToString(userId.getBytes(StandardCharsets.UTF_8)) + "."
                + expiry.getEpochSecond();
        return payload + "." + B64U.encodeToString(hmacSha256(secret, payload));
    }

    private static byte[] hmacSha256(byte[] secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
