package io.streamrec.core.event;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of user action an app can report. The wire name is the lower-case form used in JSON. */
public enum EventType {
    VIEW("view"),
    CLICK("click"),
    FAVORITE("favorite"),
    ADD_TO_CART("add_to_cart"),
    REMOVE_FROM_CART("remove_from_cart"),
    PURCHASE("purchase"),
    RATING("rating"),
    IMPRESSION("impression"),
    /**
     * Not a user action: the tombstone {@code DELETE /v1/users/{userId}} puts on the events topic so
     * that the job forgets the user (clears their state and their Redis keys). Clients cannot send it.
     */
    FORGET_USER("forget_user", true);

    private final String wireName;
    private final boolean control;

    EventType(String wireName) {
        this(wireName, false);
    }

    EventType(String wireName, boolean control) {
        this.wireName = wireName;
        this.control = control;
    }

    /** A control record of the system, not a user action (never learned from). */
    public boolean isControl() {
        return control;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWire(String name) {
        for (EventType t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** "view, click, …" (the types clients may send) for error messages and docs. */
    public static String wireNames() {
        return Arrays.stream(values()).filter(t -> !t.control).map(EventType::wireName).collect(Collectors.joining(", "));
    }
}
