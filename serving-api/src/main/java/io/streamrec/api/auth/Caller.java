package io.streamrec.api.auth;

import io.streamrec.core.event.EventType;
import java.util.Set;

/**
 * Who made a request, as {@link AccessControl} established it.
 *
 * @param key        the kind of key presented ({@link ApiKeys.Kind#NONE} for a token alone or nothing)
 * @param userId     the user of a verified user token, else null
 * @param eventTypes the event types this caller may send; every type for secret write and admin keys
 */
public record Caller(ApiKeys.Kind key, String userId, Set<EventType> eventTypes) {

    /** Whether this caller may send events only for its token's user. */
    public boolean boundToUser() {
        return key == ApiKeys.Kind.PUBLISHABLE;
    }
}
