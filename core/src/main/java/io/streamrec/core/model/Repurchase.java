package io.streamrec.core.model;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Buy again: a per-user model of re-purchase cycles, free of Flink (the job keeps its state, the API
 * and the benchmark score it). For each item a user bought it keeps
 * <ul>
 *   <li>the purchase frequency: one per order, decayed in event time with {@code halfLifeMillis};</li>
 *   <li>the typical interval: an exponentially weighted mean of the gaps between orders (the newest
 *       gap weighted {@code intervalWeight});</li>
 *   <li>the latest purchase.</li>
 * </ul>
 * Purchases of an item closer together than {@code sameOrderMillis} are one order. A cancellation
 * takes back {@code cancelWeight} of one order's evidence (less than a whole order where cancelled lines
 * are mostly corrections that the customer orders again): the event contract has no negative quantities, so a cancelled
 * purchase arrives as {@code remove_from_cart} of a bought item (the Online Retail replay sends the
 * lines of a "C" invoice so); a {@code purchase} with a negative value, from callers outside the
 * contract, counts the same. An item whose evidence falls to zero is dropped. At most
 * {@code maxItems} items are kept per user; a newcomer replaces the one with the weakest decayed
 * frequency.
 *
 * <p>The score of an item at time {@code now} is its decayed frequency times
 * {@code 1 + dueBoost · due}, where {@code due} rises as the square of the elapsed share of its
 * typical interval, is 1 when the interval has just elapsed and fades over the next two intervals
 * (an item overdue for long has likely been bought elsewhere or is no longer wanted). Items bought
 * in one order only have no interval and rank by frequency alone.
 */
public final class Repurchase implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Intervals after the due time over which the due bonus fades to 1/e. */
    static final double OVERDUE_SPAN = 2.0;
    static final double DAY_MILLIS = 86_400_000d;

    private final int maxItems;
    private final double halfLifeMillis;
    private final double intervalWeight;
    private final long sameOrderMillis;
    private final double dueBoost;
    private final double cancelWeight;

    public Repurchase(int maxItems, double halfLifeMillis, double intervalWeight, long sameOrderMillis,
                      double dueBoost, double cancelWeight) {
        if (maxItems < 1 || !(halfLifeMillis > 0) || !(intervalWeight > 0 && intervalWeight <= 1)
                || sameOrderMillis < 0 || !(dueBoost >= 0) || !(cancelWeight >= 0 && cancelWeight <= 1)) {
            throw new IllegalArgumentException("maxItems ≥ 1, halfLifeMillis > 0, 0 < intervalWeight ≤ 1, "
                    + "sameOrderMillis ≥ 0, dueBoost ≥ 0 and 0 ≤ cancelWeight ≤ 1");
        }
        this.cancelWeight = cancelWeight;
        this.maxItems = maxItems;
        this.halfLifeMillis = halfLifeMillis;
        this.intervalWeight = intervalWeight;
        this.sameOrderMillis = sameOrderMillis;
        this.dueBoost = dueBoost;
    }

    /** The defaults of the {@code model.rebuy.*} keys. */
    public static Repurchase defaults() {
        return from(StreamrecConfig.defaults());
    }

    public static Repurchase from(StreamrecConfig c) {
        return new Repurchase(c.getInt(StreamrecConfig.REBUY_MAX_ITEMS),
                c.getDouble(StreamrecConfig.REBUY_HALF_LIFE_DAYS) * DAY_MILLIS,
                c.getDouble(StreamrecConfig.REBUY_INTERVAL_WEIGHT),
                Math.round(c.getDouble(StreamrecConfig.REBUY_SAME_ORDER_MINUTES) * 60_000),
                c.getDouble(StreamrecConfig.REBUY_DUE_BOOST), c.getDouble(StreamrecConfig.REBUY_CANCEL_WEIGHT));
    }

    /** Whether {@code e} can change a user's re-purchase state (purchases and cancellations). */
    public static boolean concerns(Event e) {
        return e.type == EventType.PURCHASE || e.type == EventType.REMOVE_FROM_CART;
    }

    /** A cancelled purchase: a removal from the cart, or a purchase of a negative quantity. */
    static boolean isCancellation(Event e) {
        return e.type == EventType.REMOVE_FROM_CART
                || e.type == EventType.PURCHASE && e.value != null && e.value < 0;
    }

    /**
     * Applies one event; returns whether the state changed (and its version went up). Events other
     * than purchases and cancellations, a repeat within one order and a cancellation of an item the
     * state does not hold change nothing.
     */
    public boolean update(RepurchaseState s, Event e) {
        if (!concerns(e)) {
            return false;
        }
        boolean changed = isCancellation(e) ? cancel(s, e.itemId) : purchase(s, e.itemId, e.ts);
        if (changed) {
            s.version++;
        }
        return changed;
    }

    private boolean purchase(RepurchaseState s, String itemId, long ts) {
        int i = s.indexOf(itemId);
        if (i < 0) {
            add(s, itemId, ts);
            return true;
        }
        long last = s.lastTs[i];
        if (Math.abs(ts - last) < sameOrderMillis) {
            return false; // another line of the same order
        }
        if (ts > last) {
            double gap = ts - last;
            s.intervals[i] = s.gaps[i] == 0 ? gap : (1 - intervalWeight) * s.intervals[i] + intervalWeight * gap;
            s.gaps[i]++;
            s.counts[i] = s.counts[i] * decay(ts - last) + 1;
            s.lastTs[i] = ts;
        } else {
            // a late purchase from before the latest one: it adds evidence, decayed to the latest purchase; where
            // its gap belongs in the sequence is unknown, so the interval stays
            s.counts[i] += decay(last - ts);
        }
        return true;
    }

    private boolean cancel(RepurchaseState s, String itemId) {
        int i = s.indexOf(itemId);
        if (i < 0) {
            return false;
        }
        s.counts[i] -= cancelWeight;
        if (s.counts[i] <= 1e-9) {
            remove(s, i);
        }
        return true;
    }

    private void add(RepurchaseState s, String itemId, long ts) {
        int i;
        if (s.items.length < maxItems) {
            int n = s.items.length + 1;
            s.items = Arrays.copyOf(s.items, n);
            s.counts = Arrays.copyOf(s.counts, n);
            s.intervals = Arrays.copyOf(s.intervals, n);
            s.gaps = Arrays.copyOf(s.gaps, n);
            s.lastTs = Arrays.copyOf(s.lastTs, n);
            i = n - 1;
        } else {
            i = weakest(s, ts);
        }
        s.items[i] = itemId;
        s.counts[i] = 1;
        s.intervals[i] = 0;
        s.gaps[i] = 0;
        s.lastTs[i] = ts;
    }

    /** The slot with the lowest frequency decayed to {@code now} (ties: bought longest ago). */
    private int weakest(RepurchaseState s, long now) {
        int m = 0;
        double weakest = frequency(s, 0, now);
        for (int j = 1; j < s.items.length; j++) {
            double f = frequency(s, j, now);
            if (f < weakest || f == weakest && s.lastTs[j] < s.lastTs[m]) {
                m = j;
                weakest = f;
            }
        }
        return m;
    }

    private static void remove(RepurchaseState s, int i) {
        int n = s.items.length - 1;
        s.items = without(s.items, i, new String[n]);
        double[] counts = new double[n];
        double[] intervals = new double[n];
        int[] gaps = new int[n];
        long[] lastTs = new long[n];
        for (int j = 0, k = 0; j <= n; j++) {
            if (j != i) {
                counts[k] = s.counts[j];
                intervals[k] = s.intervals[j];
                gaps[k] = s.gaps[j];
                lastTs[k++] = s.lastTs[j];
            }
        }
        s.counts = counts;
        s.intervals = intervals;
        s.gaps = gaps;
        s.lastTs = lastTs;
    }

    private static String[] without(String[] a, int i, String[] out) {
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }

    private double decay(double elapsedMillis) {
        return Math.pow(2, -elapsedMillis / halfLifeMillis);
    }

    /** The decayed purchase frequency of slot {@code i} at {@code now} (never grown for a {@code now} before the purchase). */
    double frequency(RepurchaseState s, int i, long now) {
        return s.counts[i] * decay(Math.max(0, now - s.lastTs[i]));
    }

    /** How due slot {@code i} is at {@code now}: 0 without an interval, 1 when its interval has just elapsed. */
    static double due(RepurchaseState s, int i, long now) {
        if (s.gaps[i] == 0 || !(s.intervals[i] > 0)) {
            return 0;
        }
        double r = Math.max(0, now - s.lastTs[i]) / s.intervals[i];
        return r < 1 ? r * r : Math.exp(-(r - 1) / OVERDUE_SPAN);
    }

    /** One item of a buy-again list, with what the score is made of. */
    public record Scored(String itemId, double score, double frequency, double intervalMillis, long lastTs,
                         double due) {
        /** Whether a typical interval is known (the item was bought in two orders or more). */
        public boolean hasInterval() {
            return intervalMillis > 0;
        }
    }

    /** Every item's score at {@code now}, best first (ties by item id), at most {@code k}. */
    public List<Scored> topK(RepurchaseState s, long now, int k) {
        List<Scored> all = new ArrayList<>(s.items.length);
        for (int i = 0; i < s.items.length; i++) {
            double f = frequency(s, i, now);
            double due = due(s, i, now);
            all.add(new Scored(s.items[i], f * (1 + dueBoost * due), f, s.gaps[i] > 0 ? s.intervals[i] : 0,
                    s.lastTs[i], due));
        }
        all.sort(Comparator.comparingDouble((Scored x) -> -x.score()).thenComparing(Scored::itemId));
        return all.size() > k ? List.copyOf(all.subList(0, Math.max(0, k))) : all;
    }

    /**
     * The best {@code k} items at {@code now} that {@code admits} (the caller's exclusions, the
     * catalogue), in {@link #topK} order: the buy-again list as the API, the served blend and the
     * benchmark take it.
     */
    public List<Scored> topK(RepurchaseState s, long now, int k, Predicate<String> admits) {
        List<Scored> out = new ArrayList<>(Math.max(0, Math.min(k, s.size())));
        for (Scored r : topK(s, now, s.size())) {
            if (out.size() >= k) {
                break;
            }
            if (admits.test(r.itemId())) {
                out.add(r);
            }
        }
        return out;
    }

    /** Why an item is on the list, for people: "you buy this every ~3 weeks", "you bought this before". */
    public static String reason(Scored s) {
        if (!s.hasInterval()) {
            return "you bought this before";
        }
        return "you buy this every ~" + humanInterval(s.intervalMillis())
                + (s.due() >= 0.5 ? ", due about now" : "");
    }

    /** A rounded interval: "2 days", "3 weeks", "4 months". */
    static String humanInterval(double millis) {
        double days = millis / DAY_MILLIS;
        if (days < 1.5) {
            long hours = Math.max(1, Math.round(millis / 3_600_000d));
            return days < 1 && hours < 24 ? plural(hours, "hour") : "day";
        }
        if (days < 14) {
            return plural(Math.round(days), "day");
        }
        if (days < 60) {
            return plural(Math.round(days / 7), "week");
        }
        if (days < 548) {
            return plural(Math.round(days / 30.4), "month");
        }
        return plural(Math.round(days / 365.25), "year");
    }

    private static String plural(long n, String unit) {
        return n == 1 ? unit : n + " " + unit + "s";
    }
}
