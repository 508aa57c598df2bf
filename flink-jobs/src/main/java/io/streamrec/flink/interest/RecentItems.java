package io.streamrec.flink.interest;

import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.interest.CategoryInterests;
import io.streamrec.core.interest.UserLists;
import io.streamrec.core.model.Repurchase;
import io.streamrec.core.model.RepurchaseState;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The math of the recent-interest model, free of Flink: each event adds its signed type weight,
 * decayed exactly in event time, to the (user, item) weight. Because the decay is in forward form the
 * result does not depend on the order events arrive in (as long as fewer than {@code maxItems} items
 * are tracked), and late events are fine. Negative weights are kept, so a later positive event is
 * offset by an earlier negative one whatever the order; only items with a positive weight are ranked.
 * At most {@code maxItems} items are tracked per user (Space-Saving replacement beyond that). The same
 * events feed the user's per-category interests at two time scales ({@link CategoryInterests}), the
 * list of items they bought and their re-purchase cycles ({@link Repurchase}, buy again): one keyed
 * state per user, read and written once per event.
 */
public final class RecentItems implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ForwardDecay decay;
    private final EventWeights weights;
    private final int maxItems;
    private final CategoryInterests interests;
    private final Repurchase repurchase;

    /** With the default category interests (half-lives 30 minutes and 14 days, 20 categories). */
    public RecentItems(ForwardDecay decay, EventWeights weights, int maxItems) {
        this(decay, weights, maxItems, new CategoryInterests(30 * 60_000d, 14 * 86_400_000d, 20));
    }

    /** With the default re-purchase model ({@code model.rebuy.*} defaults). */
    public RecentItems(ForwardDecay decay, EventWeights weights, int maxItems, CategoryInterests interests) {
        this(decay, weights, maxItems, interests, Repurchase.defaults());
    }

    public RecentItems(ForwardDecay decay, EventWeights weights, int maxItems, CategoryInterests interests,
                       Repurchase repurchase) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be ≥ 1");
        }
        this.decay = decay;
        this.weights = weights;
        this.maxItems = maxItems;
        this.interests = interests;
        this.repurchase = repurchase;
    }

    /**
     * What the job publishes for the state (encoded, {@code sr:{u:<id>}:lists}): the items with a
     * positive weight in forward form at the landmark ({@link #atLandmark}), the bought items, and the
     * category interests at the state's reference time, each in the state's order (readers rank them).
     */
    public UserLists published(RecentItemsState s) {
        Ranked r = atLandmark(s);
        CategoryInterests.Snapshot in = interests.unorderedAt(s.interest, s.refTs);
        return new UserLists(s.version, s.refTs, r.items(), r.scores(), s.bought.clone(), s.boughtTs.clone(),
                in.categories(), in.shortWeights(), in.longWeights());
    }

    /**
     * {@link #published} encoded ({@link UserLists#encode()}, the same bytes). Most events change only
     * values (a weight, the interests, a purchase time), not which items, bought items and categories
     * the state holds: then the state's previous encoding ({@link RecentItemsState#encoded}, while the
     * state stays in the operator's cache) is copied and its values overwritten, without reading every
     * id again; most others add a recent item or replace one, and the copy takes that one's entry
     * ({@link UserLists.Encoded#spliced}).
     */
    public byte[] encoded(RecentItemsState s) {
        CategoryInterests.Snapshot in = interests.unorderedAt(s.interest, s.refTs);
        UserLists.Encoded e = s.encoded;
        UserLists.Encoded spliced;
        if (e != null && e.sameMembers(s.items, s.weights, s.bought, in.categories())) {
            e = e.patched(s.version, s.refTs, s.weights, s.boughtTs, in.shortWeights(), in.longWeights());
        } else if (e != null && (spliced = e.spliced(s.version, s.refTs, s.items, s.weights, s.bought, s.boughtTs,
                in.categories(), in.shortWeights(), in.longWeights())) != null) {
            e = spliced; // an item appended or replaced: the bytes after it moved, the other ids not read
        } else {
            // sized as the previous encoding, plus a new id's room
            int sizeHint = e == null ? 1024 : e.bytes().length + 64;
            e = UserLists.encodeTracked(sizeHint, s.version, s.refTs, s.items, s.weights, s.bought, s.boughtTs,
                    in.categories(), in.shortWeights(), in.longWeights());
        }
        s.encoded = e;
        return e.bytes();
    }

    /**
     * Applies one event to the state (which may be new: version 0); returns whether the user's
     * re-purchase cycles ({@code s.rebuy}) changed.
     */
    public boolean apply(RecentItemsState s, Event e) {
        boolean rebuyChanged = false;
        if (Repurchase.concerns(e) && (s.rebuy != null || e.type == io.streamrec.core.event.EventType.PURCHASE)) {
            if (s.rebuy == null) { // a user who never bought keeps no cycles, cancellations or not
                s.rebuy = new RepurchaseState();
            }
            rebuyChanged = repurchase.update(s.rebuy, e);
        }
        if (s.version == 0) {
            s.landmark = e.ts;
            s.refTs = e.ts;
        }
        if (decay.needsRebase(e.ts, s.landmark)) {
            rebase(s, e.ts);
        }
        double w = weights.weight(e);
        if (!Double.isFinite(w)) {
            return rebuyChanged;
        }
        interests.add(s.interest, e.category, w, e.ts);
        double stored = decay.store(w, e.ts, s.landmark);
        int i = indexOf(s.items, e.itemId);
        if (i >= 0) {
            s.weights[i] += stored;
        } else if (s.items.length < maxItems) {
            s.items = Arrays.copyOf(s.items, s.items.length + 1);
            s.weights = Arrays.copyOf(s.weights, s.weights.length + 1);
            s.items[s.items.length - 1] = e.itemId;
            s.weights[s.weights.length - 1] = stored;
        } else if (stored > 0) {
            // Space-Saving (Metwally et al. 2005): the newcomer takes the weakest slot and inherits its
            // weight, so an item a user keeps coming back to always gets in, at the price of an
            // overestimate bounded by the weakest weight.
            int m = weakest(s.weights);
            s.items[m] = e.itemId;
            s.weights[m] = Math.max(0, s.weights[m]) + stored;
        }
        if (e.type == io.streamrec.core.event.EventType.PURCHASE) {
            remember(s, e.itemId, e.ts);
        }
        s.refTs = Math.max(s.refTs, e.ts);
        s.version++;
        return rebuyChanged;
    }

    /**
     * Records a purchase: the item's latest purchase time is kept (max, so order-independent); beyond
     * {@code maxItems} bought items the one bought longest ago is dropped.
     */
    private void remember(RecentItemsState s, String itemId, long ts) {
        int i = indexOf(s.bought, itemId);
        if (i >= 0) {
            s.boughtTs[i] = Math.max(s.boughtTs[i], ts);
            return;
        }
        if (s.bought.length < maxItems) {
            s.bought = Arrays.copyOf(s.bought, s.bought.length + 1);
            s.boughtTs = Arrays.copyOf(s.boughtTs, s.boughtTs.length + 1);
            i = s.bought.length - 1;
        } else {
            i = 0;
            for (int j = 1; j < s.boughtTs.length; j++) {
                if (s.boughtTs[j] < s.boughtTs[i]) {
                    i = j;
                }
            }
            if (s.boughtTs[i] > ts) {
                return; // older than everything remembered
            }
        }
        s.bought[i] = itemId;
        s.boughtTs[i] = ts;
    }

    /**
     * The items with a positive weight and their weights as stored in forward form at the state's
     * landmark, so only their ratios mean anything (the same ratios as {@link #ranked(RecentItemsState)}'s;
     * an event changes only its own item's weight, all of them only when the landmark moves), in the
     * state's slot order instead of ranked: what the job publishes ({@link #published}), since readers
     * rank them themselves.
     */
    public Ranked atLandmark(RecentItemsState s) {
        int[] slots = new int[s.items.length];
        int n = positiveSlots(s, slots);
        String[] items = new String[n];
        double[] scores = new double[n];
        for (int k = 0; k < n; k++) {
            items[k] = s.items[slots[k]];
            scores[k] = s.weights[slots[k]];
        }
        return new Ranked(items, scores);
    }

    /** Puts the slots of the items with a positive weight into {@code slots}, in slot order; returns how many. */
    private static int positiveSlots(RecentItemsState s, int[] slots) {
        int n = 0;
        for (int i = 0; i < s.items.length; i++) {
            if (s.weights[i] > 0) {
                slots[n++] = i;
            }
        }
        return n;
    }

    /** Items by weight, strongest first, with weights decayed to the state's reference time. */
    public Ranked ranked(RecentItemsState s) {
        int[] order = new int[s.items.length];
        int n = positiveSlots(s, order);
        // strongest first, ties by item id (a total order): a binary insertion sort, as the lists are short
        for (int k = 1; k < n; k++) {
            int x = order[k];
            int lo = 0;
            int hi = k;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (before(s, x, order[mid])) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            System.arraycopy(order, lo, order, lo + 1, k - lo);
            order[lo] = x;
        }
        String[] items = new String[n];
        double[] scores = new double[n];
        for (int k = 0; k < n; k++) {
            items[k] = s.items[order[k]];
            scores[k] = decay.valueAt(s.weights[order[k]], s.landmark, s.refTs);
        }
        return new Ranked(items, scores);
    }

    /** Whether item {@code a} ranks before item {@code b}: a greater weight, or the same and a smaller id. */
    private static boolean before(RecentItemsState s, int a, int b) {
        int c = Double.compare(s.weights[b], s.weights[a]);
        return c < 0 || (c == 0 && s.items[a].compareTo(s.items[b]) < 0);
    }

    public record Ranked(String[] items, double[] scores) {}

    private void rebase(RecentItemsState s, long newLandmark) {
        double f = decay.factor(newLandmark - s.landmark);
        for (int i = 0; i < s.weights.length; i++) {
            s.weights[i] *= f;
        }
        s.landmark = newLandmark;
    }

    private static int weakest(double[] w) {
        int m = 0;
        for (int i = 1; i < w.length; i++) {
            if (w[i] < w[m]) {
                m = i;
            }
        }
        return m;
    }

    /**
     * The slot of {@code x} in {@code a}, -1 when absent: hash codes first (a string keeps its own), so an id
     * of the same length is told apart without reading its characters, a cache miss per slot.
     */
    private static int indexOf(String[] a, String x) {
        int h = x.hashCode();
        for (int i = 0; i < a.length; i++) {
            if (a[i].hashCode() == h && a[i].equals(x)) {
                return i;
            }
        }
        return -1;
    }
}
