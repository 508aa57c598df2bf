package io.streamrec.core.event;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * User ids as the system stores them. With {@code privacy.user-id-hmac-key} set, the API replaces every
 * user id by {@code p-} and the base64url HMAC-SHA256 of the id under that key, when events come in
 * and on every read, so that Kafka, the job's state and Redis hold no raw id; without a key, ids are
 * stored as they are. The mapping is stable for a key and cannot be reversed without it.
 */
public final class UserPseudonyms {
    public static final String PREFIX = "p-";
    /** Shortest key accepted in configuration. */
    public static final int MIN_KEY_LENGTH = 32;
    private static final UserPseudonyms NONE = new UserPseudonyms(null);

    private final byte[] key;

    private UserPseudonyms(byte[] key) {
        this.key = key;
    }

    /** {@code key} empty: ids are stored as they are. */
    public static UserPseudonyms of(String key) {
        if (key == null || key.isEmpty()) {
            return NONE;
        }
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the key must be at least " + MIN_KEY_LENGTH + " characters (it has "
                    + key.length() + ")");
        }
        return new UserPseudonyms(key.getBytes(StandardCharsets.UTF_8));
    }

    public boolean enabled() {
        return key != null;
    }

    /** The id under which the system keeps {@code userId}'s events and state. */
    public String stored(String userId) {
        if (key == null) {
            return userId;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return PREFIX + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
