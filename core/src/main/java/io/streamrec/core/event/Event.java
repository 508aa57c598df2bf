package io.streamrec.core.event;

import java.util.Objects;

/**
 * One validated user event. Instances are produced only by {@link EventParser}, so every field
 * already satisfies the contract (see README "Event contract").
 *
 * <p>Plain public fields and a no-arg constructor make this a Flink POJO (no Kryo) without any
 * Flink dependency here.
 */
public final class Event {
    /** Optional client-side id, at most 64 characters; null when absent. */
    public String eventId;
    public String userId;
    public String itemId;
    public EventType type;
    /** Event time in epoch milliseconds (the event's own {@code ts}, never the arrival time). */
    public long ts;
    /** Optional number: a rating 0–5 for {@code rating}, else a quantity; null when absent. */
    public Double value;
    /** Optional category, null when absent. */
    public String category;
    /** Optional context object, kept as its compact JSON text; null when absent. */
    public String context;

    public Event() {}

    public Event(String eventId, String userId, String itemId, EventType type, long ts,
                 Double value, String category, String context) {
        this.eventId = eventId;
        this.userId = userId;
        this.itemId = itemId;
        this.type = type;
        this.ts = ts;
        this.value = value;
        this.category = category;
        this.context = context;
    }

    public static Event of(String userId, String itemId, EventType type, long ts) {
        return new Event(null, userId, itemId, type, ts, null, null, null);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Event)) return false;
        Event e = (Event) o;
        return ts == e.ts && Objects.equals(eventId, e.eventId) && Objects.equals(userId, e.userId)
                && Objects.equals(itemId, e.itemId) && type == e.type && Objects.equals(value, e.value)
                && Objects.equals(category, e.category) && Objects.equals(context, e.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, userId, itemId, type, ts, value, category, context);
    }

    @Override
    public String toString() {
        return EventJson.toJson(this);
    }
}
