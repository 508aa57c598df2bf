package io.streamrec.core.interest;

import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import java.io.Serializable;

/**
 * Exploration feedback of one arm (a category): impressions are trials, clicks (and stronger
 * engagement: favorite, add to cart, purchase) successes, both decayed in event time in forward form
 * so old feedback fades and arrival order does not matter.
 */
public final class ArmFeedback implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One arm's state. A Flink POJO. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        public double impressions;
        public double clicks;
        public long landmark = Long.MIN_VALUE;
        /** Latest event time applied. */
        public long refTs;

        public State() {}
    }

    private final ForwardDecay decay;

    public ArmFeedback(double halfLifeMillis) {
        this.decay = new ForwardDecay(halfLifeMillis);
    }

    /** Whether an event is feedback for its category's arm. */
    public static boolean isFeedback(Event e) {
        if (e.category == null || e.type == null) {
            return false;
        }
        return e.type == EventType.IMPRESSION || isSuccess(e.type);
    }

    static boolean isSuccess(EventType t) {
        return t == EventType.CLICK || t == EventType.FAVORITE || t == EventType.ADD_TO_CART || t == EventType.PURCHASE;
    }

    public void apply(State s, Event e) {
        if (s.landmark == Long.MIN_VALUE) {
            s.landmark = e.ts;
        }
        if (decay.needsRebase(e.ts, s.landmark)) {
            double f = decay.factor(e.ts - s.landmark);
            s.impressions *= f;
            s.clicks *= f;
            s.landmark = e.ts;
        }
        double one = decay.store(1, e.ts, s.landmark);
        if (e.type == EventType.IMPRESSION) {
            s.impressions += one;
        } else if (isSuccess(e.type)) {
            s.clicks += one;
        }
        s.refTs = Math.max(s.refTs, e.ts);
    }

    /** {impressions, clicks} decayed to {@code at}. */
    public double[] at(State s, long at) {
        return new double[] {decay.valueAt(s.impressions, s.landmark, at), decay.valueAt(s.clicks, s.landmark, at)};
    }
}
