package io.streamrec.core.interest;

import io.streamrec.core.decay.ForwardDecay;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A user's interest per category at two time scales (a short half-life for the session, a long one
 * for lasting tastes), the math free of Flink. Each event adds its signed type weight to its
 * category on both scales, in forward-decay form against a landmark (see {@link ForwardDecay}): the
 * stored sums do not depend on the order events arrive in, and a late event adds its contribution
 * decayed exactly. At most {@code maxCategories} categories are kept; a new category beyond that
 * replaces the one with the smallest long-term weight (if the newcomer's is larger), so exactness
 * holds while a user has at most that many categories.
 */
public final class CategoryInterests implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The state of one user. Public fields and arrays keep it a Flink POJO. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        public String[] categories = new String[0];
        /** Stored (landmark-relative) short-term weights. */
        public double[] shortWeights = new double[0];
        /** Stored (landmark-relative) long-term weights. */
        public double[] longWeights = new double[0];
        /** Landmark of the stored weights, epoch ms; meaningful once a category is kept. */
        public long landmark = Long.MIN_VALUE;

        public State() {}
    }

    /** Weights at one reference time, strongest long-term interest first. */
    public record Snapshot(String[] categories, double[] shortWeights, double[] longWeights, long at) {}

    private final ForwardDecay shortDecay;
    private final ForwardDecay longDecay;
    private final int maxCategories;

    public CategoryInterests(double shortHalfLifeMillis, double longHalfLifeMillis, int maxCategories) {
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be ≥ 1");
        }
        this.shortDecay = new ForwardDecay(shortHalfLifeMillis);
        this.longDecay = new ForwardDecay(longHalfLifeMillis);
        this.maxCategories = maxCategories;
    }

    public double shortHalfLifeMillis() {
        return shortDecay.halfLifeMillis();
    }

    public double longHalfLifeMillis() {
        return longDecay.halfLifeMillis();
    }

    /** Adds weight {@code w} observed at {@code ts} to {@code category}; a null category or weight 0 changes nothing. */
    public void add(State s, String category, double w, long ts) {
        if (category == null || w == 0 || !Double.isFinite(w)) {
            return;
        }
        if (s.landmark == Long.MIN_VALUE) {
            s.landmark = ts;
        }
        if (shortDecay.needsRebase(ts, s.landmark) || longDecay.needsRebase(ts, s.landmark)) {
            rebase(s, ts);
        }
        double sw = shortDecay.store(w, ts, s.landmark);
        double lw = longDecay.store(w, ts, s.landmark);
        int i = indexOf(s.categories, category);
        if (i < 0) {
            if (s.categories.length < maxCategories) {
                i = s.categories.length;
                s.categories = Arrays.copyOf(s.categories, i + 1);
                s.shortWeights = Arrays.copyOf(s.shortWeights, i + 1);
                s.longWeights = Arrays.copyOf(s.longWeights, i + 1);
            } else {
                int weakest = 0;
                for (int j = 1; j < s.longWeights.length; j++) {
                    if (s.longWeights[j] < s.longWeights[weakest]) {
                        weakest = j;
                    }
                }
                if (lw <= s.longWeights[weakest]) {
                    return; // weaker than everything kept
                }
                i = weakest;
            }
            s.categories[i] = category;
            s.shortWeights[i] = 0;
            s.longWeights[i] = 0;
        }
        s.shortWeights[i] += sw;
        s.longWeights[i] += lw;
    }

    /** The weights decayed to {@code at}, strongest long-term first (ties by name). */
    public Snapshot at(State s, long at) {
        Integer[] order = new Integer[s.categories.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> s.longWeights[a] != s.longWeights[b] ? Double.compare(s.longWeights[b], s.longWeights[a])
                : s.categories[a].compareTo(s.categories[b]));
        Snapshot unordered = unorderedAt(s, at);
        String[] c = new String[order.length];
        double[] sh = new double[order.length];
        double[] lo = new double[order.length];
        for (int k = 0; k < order.length; k++) {
            c[k] = unordered.categories()[order[k]];
            sh[k] = unordered.shortWeights()[order[k]];
            lo[k] = unordered.longWeights()[order[k]];
        }
        return new Snapshot(c, sh, lo, at);
    }

    /** The weights decayed to {@code at}, in the state's order (what is published: readers need no order). */
    public Snapshot unorderedAt(State s, long at) {
        int n = s.categories.length;
        double[] sh = new double[n];
        double[] lo = new double[n];
        for (int i = 0; i < n; i++) {
            sh[i] = shortDecay.valueAt(s.shortWeights[i], s.landmark, at);
            lo[i] = longDecay.valueAt(s.longWeights[i], s.landmark, at);
        }
        return new Snapshot(s.categories.clone(), sh, lo, at);
    }

    /** A weight published at {@code refTs}, decayed lazily to {@code now} (never grows forward in time). */
    public static double decayed(double valueAtRef, long refTs, long now, double halfLifeMillis) {
        return now <= refTs ? valueAtRef : valueAtRef * Math.pow(2, -(now - refTs) / halfLifeMillis);
    }

    private void rebase(State s, long newLandmark) {
        double fs = shortDecay.factor(newLandmark - s.landmark);
        double fl = longDecay.factor(newLandmark - s.landmark);
        for (int i = 0; i < s.categories.length; i++) {
            s.shortWeights[i] *= fs;
            s.longWeights[i] *= fl;
        }
        s.landmark = newLandmark;
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
