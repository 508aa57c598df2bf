package io.streamrec.client.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /v1/events}: one event or a batch of events. Written by hand in place of the
 * generated model (the document's oneOf of an event and an array of events makes the generator's native
 * library emit code that does not compile); it is serialised as the event or the array itself.
 */
public final class EventsControllerPostRequest {
    private final Object value;

    private EventsControllerPostRequest(Object value) {
        this.value = Objects.requireNonNull(value);
    }

    /** One event. */
    public static EventsControllerPostRequest of(EventSchema event) {
        return new EventsControllerPostRequest(event);
    }

    /** A batch of events (at most api.max-batch). */
    public static EventsControllerPostRequest of(List<EventSchema> events) {
        return new EventsControllerPostRequest(List.copyOf(events));
    }

    /** The event or the list of events, as sent. */
    @JsonValue
    public Object getActualInstance() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventsControllerPostRequest r && value.equals(r.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "EventsControllerPostRequest" + value;
    }
}
