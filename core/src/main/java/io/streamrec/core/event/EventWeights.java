package io.streamrec.core.event;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

/**
 * How much one event says about a user's interest in an item. Positive for interest, negative for
 * disinterest. Defaults follow the usual implicit-feedback ordering (a purchase says more than a
 * view); ratings map 0–5 onto −2…+3 around a neutral 2.5 (scaled); quantities count logarithmically.
 */
public final class EventWeights implements Serializable {
    private static final long serialVersionUID = 1L;
    private final EnumMap<EventType, Double> base;

    public EventWeights(Map<EventType, Double> base) {
        this.base = new EnumMap<>(EventType.class);
        this.base.putAll(base);
        for (EventType t : EventType.values()) {
            if (!this.base.containsKey(t)) {
                throw new IllegalArgumentException("no weight for event type " + t.wireName());
            }
        }
    }

    public static EventWeights defaults() {
        Map<EventType, Double> m = new EnumMap<>(EventType.class);
        m.put(EventType.VIEW, 1.0);
        m.put(EventType.CLICK, 1.5);
        m.put(EventType.FAVORITE, 3.0);
        m.put(EventType.ADD_TO_CART, 4.0);
        m.put(EventType.REMOVE_FROM_CART, -2.0);
        m.put(EventType.PURCHASE, 6.0);
        m.put(EventType.RATING, 1.0);
        m.put(EventType.IMPRESSION, -0.1);
        m.put(EventType.FORGET_USER, 0.0);
        return new EventWeights(m);
    }

    /** The signed weight of one event. */
    public double weight(Event e) {
        double w = base.get(e.type);
        if (e.type == EventType.RATING) {
            // 0..5 → −2.5..+2.5, doubled for strong opinions: a 5 counts like a favorite, a 0 strongly negative
            return w * (e.value - 2.5) * 1.2;
        }
        if (e.value != null && e.value > 1 && (e.type == EventType.PURCHASE || e.type == EventType.ADD_TO_CART)) {
            return w * (1 + Math.log(e.value) / Math.log(10)); // quantity 10 counts twice, 100 three times
        }
        return w;
    }
}
