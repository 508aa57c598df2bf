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
    IMPRESSION("impression");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
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

    /** "view, click, …" for error messages and docs. */
    public static String wireNames() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }
}
