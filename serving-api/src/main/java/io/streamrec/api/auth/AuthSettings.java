package io.streamrec.api.auth;

import io.streamrec.core.event.EventType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything about credentials beyond the secret keys: publishable keys, the origins they and CORS
 * allow, user-token signing keys, and whether a user's recommendations need a token.
 *
 * @param tokenKeys kid to secret, in configuration order (the first signs)
 */
public record AuthSettings(List<String> publishableKeys, Set<EventType> publishableEventTypes,
                           int publishableRatePerSecond, List<String> allowedOrigins, Map<String, byte[]> tokenKeys,
                           long tokenMaxTtlSeconds, boolean userReadsOpen, boolean demo) {

    /** Secret keys only, a user's recommendations readable with a secret key (tests of other things). */
    public static AuthSettings secretKeysOnly(boolean userReadsOpen) {
        return new AuthSettings(List.of(), Set.of(), 1, List.of(), Map.of(), 86_400, userReadsOpen, false);
    }
}
