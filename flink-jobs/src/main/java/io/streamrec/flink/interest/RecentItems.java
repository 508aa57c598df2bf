package io.streamrec.flink.interest;

import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The math of the recent-interest model, free of Flink: each event adds its signed type weight,
 * decayed exactly in event time, to the (user, item) weight. Because the decay is in forward form the
 * result does not depend on the order events arrive in, and late events are fine. Items whose weight
 * drops to zero or below leave the list; beyond {@code maxItems} the weakest are dropped.
 */
public final class RecentItems implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ForwardDecay decay;
    private final EventWeights weights;
    private final int maxItems;

    public RecentItems(ForwardDecay decay, EventWeights weights, int maxItems) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be ≥ 1");
        }
        this.decay = decay;
        this.weights = weights;
        this.maxItems = maxItems;
    }

    /** Applies one event to the state (which may be new: version 0). */
    public void apply(RecentItemsState s, Event e) {
        if (s.version == 0) {
            s.landmark = e.ts;
            s.refTs = e.ts;
        }
        if (decay.needsRebase(e.ts, s.landmark)) {
            rebase(s, e.ts);
        }
        double w = weights.weight(e);
        if (!Double.isFinite(w)) {
            return;
        }
        double stored = decay.store(w, e.ts, s.landmark);
        int i = indexOf(s.items, e.itemId);
        if (i < 0) {
            if (stored > 0) {
                s.items = Arrays.copyOf(s.items, s.items.length + 1);
                s.weights = Arrays.copyOf(s.weights, s.weights.length + 1);
                s.items[s.items.length - 1] = e.itemId;
                s.weights[s.weights.length - 1] = stored;
            }
        } else {
            s.weights[i] += stored;
            if (!(s.weights[i] > 0)) {
                remove(s, i);
            }
        }
        if (s.items.length > maxItems) {
            keepStrongest(s, maxItems);
        }
        s.refTs = Math.max(s.refTs, e.ts);
        s.version++;
    }

    /** Items by weight, strongest first, with weights decayed to the state's reference time. */
    public Ranked ranked(RecentItemsState s) {
        Integer[] order = new Integer[s.items.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -s.weights[i]).thenComparing(i -> s.items[i]));
        String[] items = new String[order.length];
        double[] scores = new double[order.length];
        for (int k = 0; k < order.length; k++) {
            items[k] = s.items[order[k]];
            scores[k] = decay.valueAt(s.weights[order[k]], s.landmark, s.refTs);
        }
        return new Ranked(items, scores);
    }

    public record Ranked(String[] items, double[] scores) {}

    private void rebase(RecentItemsState s, long newLandmark) {
        double f = decay.factor(newLandmark - s.landmark);
        for (int i = 0; i < s.weights.length; i++) {
            s.weights[i] *= f;
        }
        s.landmark = newLandmark;
    }

    private static void keepStrongest(RecentItemsState s, int n) {
        Integer[] order = new Integer[s.items.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -s.weights[i]).thenComparing(i -> s.items[i]));
        String[] items = new String[n];
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            items[k] = s.items[order[k]];
            w[k] = s.weights[order[k]];
        }
        s.items = items;
        s.weights = w;
    }

    private static void remove(RecentItemsState s, int i) {
        int last = s.items.length - 1;
        s.items[i] = s.items[last];
        s.weights[i] = s.weights[last];
        s.items = Arrays.copyOf(s.items, last);
        s.weights = Arrays.copyOf(s.weights, last);
    }

    private static int indexOf(String[] a, String x) {
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(x)) {
                return i;
            }
        }
        return -1;
    }
}
