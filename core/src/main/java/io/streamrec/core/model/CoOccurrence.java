package io.streamrec.core.model;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.decay.ForwardDecay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Item-to-item co-occurrence learned online from baskets, time-decayed, in bounded state; the
 * "bought together" signal of item-based collaborative filtering (Sarwar et al., "Item-based
 * collaborative filtering recommendation algorithms", WWW 2001; Linden et al., "Amazon.com
 * recommendations: item-to-item collaborative filtering", IEEE Internet Computing 2003), counted as
 * session-based kNN counts sessions (Ludewig and Jannach, 2018), with the forward decay of
 * {@link ForwardDecay} so that old baskets fade.
 *
 * <ul>
 *   <li><b>Baskets</b> ({@link #add(Basket, String, long)}, per user): a basket closes when more than
 *   {@code basketGapMillis} pass between two of the user's purchases ({@link #counts}). An item new to the open basket
 *   pairs with the basket's latest {@code maxPartners} items (pair generation is bounded per event).</li>
 *   <li><b>Items</b> ({@link #count}, {@link #pair}, per item i): the decayed number of baskets holding i,
 *   {@code n_i}, and the decayed number of baskets holding both i and j, {@code c_ij}, for at most
 *   {@code maxNeighbours} items j (a new neighbour past the bound replaces the weakest, when it would
 *   not be the weakest itself).</li>
 *   <li><b>Published</b> ({@link #neighbours}): per item its neighbours j by
 *   {@code c_ij / (n_i + shrink)}, the share of i's baskets that also held j, shrunk towards 0 for items
 *   seen in few baskets. Both counts decay alike, so the share is the same at any read time.</li>
 *   <li><b>Ranking</b> ({@link #score}): a candidate j scores {@code Σ_i w_i · share(i → j)} over the
 *   user's recent items i with their weights w_i (the job's decayed interaction weights): co-occurrence
 *   with what the user did over the last sessions, not only the latest.</li>
 * </ul>
 */
public final class CoOccurrence implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Whether an event counts in baskets: purchases only ("bought together"). Views would make pairs of
     * everything a visitor browses, many times the purchases' pairs, for a weaker signal.
     */
    public static boolean counts(io.streamrec.core.event.Event e) {
        return e.type == io.streamrec.core.event.EventType.PURCHASE && e.itemId != null;
    }

    /**
     * Whether an event of type weight {@code weight} counts in baskets with these settings: purchases
     * ({@link #counts(io.streamrec.core.event.Event)}), or with {@link Settings#everyPositiveEvent} every
     * positive interaction (views, clicks, carts, purchases: co-views, for a catalogue that is mostly
     * browsed; measured on marketplace-kind data, docs/benchmarks.md).
     */
    public boolean counts(io.streamrec.core.event.Event e, double weight) {
        return settings.everyPositiveEvent() ? weight > 0 && e.itemId != null : counts(e);
    }

    /** Recent items of a user, the strongest, that a ranking queries the neighbour lists of. */
    public static final int QUERY_ITEMS = 100;
    /** The power of a recent item's weight in the query: 1 as published, 0 every item alike. */
    public static final double QUERY_POWER = 0.5;
    /** Items, the best by co-occurrence, that a ranking adds to its candidates. */
    public static final int CANDIDATES = 100;

    /** A neighbour of an item and the share of the item's baskets that held it. */
    public record Neighbour(String itemId, double share) {}

    /**
     * @param halfLifeMillis  half-life of the counts in event time
     * @param maxNeighbours   neighbours kept (and published) per item
     * @param maxPartners     items of the open basket a new item pairs with (the latest ones)
     * @param viewPartners    as many for an event that is not a purchase (with {@code everyPositiveEvent}): the
     *                        latest few, so that long browsing sessions do not make pairs of everything
     * @param basketGapMillis a gap longer than this between a user's positive events closes the basket
     * @param shrink          added to n_i in the share's denominator
     * @param publishIntervalMillis how often the job publishes the neighbour lists of the items that changed,
     *                        milliseconds of processing time (0: after every change)
     */
    public record Settings(double halfLifeMillis, int maxNeighbours, int maxPartners, long basketGapMillis,
                           double shrink, boolean everyPositiveEvent, int viewPartners, long publishIntervalMillis)
            implements java.io.Serializable {
        public Settings {
            if (maxNeighbours < 1 || maxPartners < 1 || halfLifeMillis <= 0 || basketGapMillis < 0 || shrink < 0
                    || viewPartners < 1 || publishIntervalMillis < 0) {
                throw new IllegalArgumentException("co-occurrence settings out of range");
            }
        }

        /** Publishing every change. */
        public Settings(double halfLifeMillis, int maxNeighbours, int maxPartners, long basketGapMillis, double shrink,
                        boolean everyPositiveEvent, int viewPartners) {
            this(halfLifeMillis, maxNeighbours, maxPartners, basketGapMillis, shrink, everyPositiveEvent, viewPartners, 0);
        }

        /** With the default {@code model.cooc.view-partners}. */
        public Settings(double halfLifeMillis, int maxNeighbours, int maxPartners, long basketGapMillis, double shrink,
                        boolean everyPositiveEvent) {
            this(halfLifeMillis, maxNeighbours, maxPartners, basketGapMillis, shrink, everyPositiveEvent,
                    Integer.parseInt(StreamrecConfig.COOC_VIEW_PARTNERS.defaultValue()));
        }

        /** Baskets of purchases only. */
        public Settings(double halfLifeMillis, int maxNeighbours, int maxPartners, long basketGapMillis, double shrink) {
            this(halfLifeMillis, maxNeighbours, maxPartners, basketGapMillis, shrink, false);
        }

        /** From configuration ({@code model.cooc.*}). */
        public static Settings from(StreamrecConfig c) {
            return new Settings(c.getDouble(StreamrecConfig.COOC_HALF_LIFE_DAYS) * 86_400_000d,
                    c.getInt(StreamrecConfig.COOC_MAX_NEIGHBOURS), c.getInt(StreamrecConfig.COOC_MAX_PARTNERS),
                    (long) (c.getDouble(StreamrecConfig.COOC_BASKET_GAP_MINUTES) * 60_000d),
                    c.getDouble(StreamrecConfig.COOC_SHRINK), "positive".equals(c.getString(StreamrecConfig.COOC_EVENTS)),
                    c.getInt(StreamrecConfig.COOC_VIEW_PARTNERS), c.getInt(StreamrecConfig.COOC_PUBLISH_INTERVAL_MS));
        }

        /** The defaults of {@code model.cooc.*}. */
        public static Settings defaults() {
            return new Settings(Double.parseDouble(StreamrecConfig.COOC_HALF_LIFE_DAYS.defaultValue()) * 86_400_000d,
                    Integer.parseInt(StreamrecConfig.COOC_MAX_NEIGHBOURS.defaultValue()),
                    Integer.parseInt(StreamrecConfig.COOC_MAX_PARTNERS.defaultValue()),
                    (long) (Double.parseDouble(StreamrecConfig.COOC_BASKET_GAP_MINUTES.defaultValue()) * 60_000d),
                    Double.parseDouble(StreamrecConfig.COOC_SHRINK.defaultValue()),
                    "positive".equals(StreamrecConfig.COOC_EVENTS.defaultValue()),
                    Integer.parseInt(StreamrecConfig.COOC_VIEW_PARTNERS.defaultValue()),
                    Long.parseLong(StreamrecConfig.COOC_PUBLISH_INTERVAL_MS.defaultValue()));
        }
    }

    /** A user's open basket: its distinct items in order, the latest last. A Flink POJO. */
    public static class Basket {
        public String[] items = new String[0];
        public long lastTs = Long.MIN_VALUE;

        public Basket() {}
    }

    /** One item's counts, stored relative to {@code landmark} ({@link ForwardDecay}). A Flink POJO. */
    public static class State {
        public long landmark = Long.MIN_VALUE;
        /** n_i, stored. */
        public double count;
        public String[] ids = new String[0];
        /** c_ij of {@code ids[j]}, stored. */
        public double[] counts = new double[0];
        /** Event time of the latest update. */
        public long lastTs = Long.MIN_VALUE;
        /** Updates applied: the version published. */
        public long version;
        /**
         * The hash codes of {@link #ids} (not stored: rebuilt when read or when {@code ids} is another
         * array), so a lookup scans one int array and compares strings only where a hash matches.
         */
        private transient int[] hashes;
        private transient String[] hashed;

        public State() {}
    }

    private final Settings settings;
    private final ForwardDecay decay;

    public CoOccurrence(Settings settings) {
        this.settings = settings;
        this.decay = new ForwardDecay(settings.halfLifeMillis());
    }

    public Settings settings() {
        return settings;
    }

    /**
     * A purchase ({@link #counts}) of the basket's user of {@code itemId} at {@code ts} (in event-time order per
     * user).
     *
     * @return the items it co-occurs with, the latest last (empty for the basket's first item), or null when
     *         the item is already in the open basket (nothing to count)
     */
    public String[] add(Basket b, String itemId, long ts) {
        return add(b, itemId, ts, settings.maxPartners());
    }

    /** How many of the basket's latest items {@code e} pairs with: {@code maxPartners} for a purchase, else {@code viewPartners}. */
    public int partnersFor(io.streamrec.core.event.Event e) {
        return e.type == io.streamrec.core.event.EventType.PURCHASE ? settings.maxPartners()
                : Math.min(settings.viewPartners(), settings.maxPartners());
    }

    /** {@link #add(Basket, String, long)} pairing with the basket's latest {@code partners} items only. */
    public String[] add(Basket b, String itemId, long ts, int partners) {
        if (b.lastTs != Long.MIN_VALUE && ts - b.lastTs > settings.basketGapMillis()) {
            b.items = new String[0];
        }
        b.lastTs = Math.max(b.lastTs, ts);
        for (String i : b.items) {
            if (i.equals(itemId)) {
                return null;
            }
        }
        int from = Math.max(0, b.items.length - settings.maxPartners());
        String[] paired = Arrays.copyOfRange(b.items, Math.max(from, b.items.length - partners), b.items.length);
        String[] kept = Arrays.copyOfRange(b.items, from, b.items.length + 1);
        kept[kept.length - 1] = itemId;
        b.items = kept;
        return paired;
    }

    /** The item was in one more basket, at {@code ts}. */
    public void count(State s, long ts) {
        rebase(s, ts);
        s.count += decay.store(1, ts, s.landmark);
        s.lastTs = Math.max(s.lastTs, ts);
        s.version++;
    }

    /**
     * The item shared one more basket with {@code other}, at {@code ts}. The neighbours stay in publication
     * order (the largest count first, ties by id), so {@link #neighbours} needs no sort: the changed count
     * only moves up, a new one enters at its place, and past {@code maxNeighbours} a new one replaces the
     * weakest (the last) when it is stronger.
     */
    public void pair(State s, String other, long ts) {
        rebase(s, ts);
        double w = decay.store(1, ts, s.landmark);
        s.lastTs = Math.max(s.lastTs, ts);
        s.version++;
        int[] hashes = hashes(s);
        int h = other.hashCode();
        for (int j = 0; j < hashes.length; j++) {
            if (hashes[j] == h && s.ids[j].equals(other)) {
                s.counts[j] += w;
                moveUp(s, j);
                return;
            }
        }
        int n = s.ids.length;
        if (n < settings.maxNeighbours()) {
            s.ids = Arrays.copyOf(s.ids, n + 1);
            s.counts = Arrays.copyOf(s.counts, n + 1);
            s.hashes = Arrays.copyOf(hashes, n + 1);
            s.hashed = s.ids;
        } else if (!(w > s.counts[n - 1])) {
            return; // only a stronger newcomer replaces the weakest
        }
        int last = s.ids.length - 1;
        s.ids[last] = other;
        s.hashes[last] = h;
        s.counts[last] = w;
        moveUp(s, last);
    }

    /**
     * The hash codes of the state's neighbours: comparing a newcomer with up to {@code maxNeighbours}
     * strings scattered over the heap took two cache misses per neighbour (the learn benchmark's profile,
     * docs/benchmarks.md); their hashes are one small array.
     */
    private static int[] hashes(State s) {
        if (s.hashed != s.ids) { // the ids were replaced (a state read back, a copy) or never hashed
            int[] h = new int[s.ids.length];
            for (int j = 0; j < h.length; j++) {
                h[j] = s.ids[j].hashCode();
            }
            s.hashes = h;
            s.hashed = s.ids;
        }
        return s.hashes;
    }

    /** Whether count {@code a} of {@code idA} comes before count {@code b} of {@code idB} in publication order. */
    private static boolean before(double a, String idA, double b, String idB) {
        return a != b ? a > b : idA.compareTo(idB) < 0;
    }

    private static void moveUp(State s, int j) {
        String id = s.ids[j];
        double c = s.counts[j];
        int[] hashes = s.hashed == s.ids ? s.hashes : null; // kept in step when current
        int h = hashes == null ? 0 : hashes[j];
        while (j > 0 && before(c, id, s.counts[j - 1], s.ids[j - 1])) {
            s.ids[j] = s.ids[j - 1];
            s.counts[j] = s.counts[j - 1];
            if (hashes != null) {
                hashes[j] = hashes[j - 1];
            }
            j--;
        }
        s.ids[j] = id;
        s.counts[j] = c;
        if (hashes != null) {
            hashes[j] = h;
        }
    }

    /** Puts the neighbours of a state written before they were kept in order (an older savepoint) in order. */
    private static void order(State s) {
        for (int j = 1; j < s.ids.length; j++) {
            if (before(s.counts[j], s.ids[j], s.counts[j - 1], s.ids[j - 1])) {
                for (int k = 1; k < s.ids.length; k++) {
                    moveUp(s, k);
                }
                return;
            }
        }
    }

    private void rebase(State s, long ts) {
        if (s.landmark == Long.MIN_VALUE) {
            s.landmark = ts;
        } else if (decay.needsRebase(ts, s.landmark)) {
            double f = decay.factor(ts - s.landmark);
            s.count *= f;
            for (int j = 0; j < s.counts.length; j++) {
                s.counts[j] *= f;
            }
            s.landmark = ts;
        }
    }

    /** The item's neighbours, the largest share first (ties by id), as of its latest update. */
    public List<Neighbour> neighbours(State s) {
        order(s);
        List<Neighbour> out = new ArrayList<>(s.ids.length);
        double denominator = s.count + (s.ids.length == 0 ? 0 : decay.store(settings.shrink(), s.lastTs, s.landmark));
        for (int j = 0; j < s.ids.length; j++) {
            out.add(new Neighbour(s.ids[j], denominator > 0 ? s.counts[j] / denominator : 0));
        }
        return out;
    }

    /**
     * The query of a ranking: the strongest {@link #QUERY_ITEMS} of the user's recent items ({@code items}
     * with their decayed interaction weights), each weighted {@code weight^QUERY_POWER}.
     */
    public static Map<String, Double> query(String[] items, double[] weights) {
        Integer[] order = new Integer[items.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> weights[a] != weights[b] ? Double.compare(weights[b], weights[a])
                : items[a].compareTo(items[b]));
        Map<String, Double> out = new HashMap<>();
        for (int k = 0; k < Math.min(QUERY_ITEMS, order.length) && weights[order[k]] > 0; k++) {
            out.put(items[order[k]], Math.pow(weights[order[k]], QUERY_POWER));
        }
        return out;
    }

    /**
     * Co-occurrence scores of the items next to the user's recent items: {@code Σ_i w_i · share(i → j)}
     * over the items {@code recent} (item → weight ≥ 0) whose neighbour lists {@code listOf} knows (null:
     * none), leaving out {@code exclude}.
     */
    public static Map<String, Double> score(Map<String, Double> recent, Function<String, List<Neighbour>> listOf,
                                            Set<String> exclude) {
        Map<String, Double> out = new HashMap<>();
        recent.forEach((i, w) -> {
            List<Neighbour> list = w > 0 ? listOf.apply(i) : null;
            if (list != null) {
                for (Neighbour n : list) {
                    if (!exclude.contains(n.itemId())) {
                        out.merge(n.itemId(), w * n.share(), Double::sum);
                    }
                }
            }
        });
        return out;
    }

    /** The {@code k} best of {@code scores}, best first (ties by id): a bounded heap, not a sort of them all. */
    public static List<String> top(Map<String, Double> scores, int k) {
        java.util.Comparator<Map.Entry<String, Double>> better = (a, b) -> !a.getValue().equals(b.getValue())
                ? Double.compare(b.getValue(), a.getValue()) : a.getKey().compareTo(b.getKey());
        java.util.PriorityQueue<Map.Entry<String, Double>> heap = new java.util.PriorityQueue<>(better.reversed());
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            if (heap.size() < k) {
                heap.add(e);
            } else if (k > 0 && better.compare(e, heap.peek()) < 0) {
                heap.poll();
                heap.add(e);
            }
        }
        List<Map.Entry<String, Double>> best = new ArrayList<>(heap);
        best.sort(better);
        List<String> out = new ArrayList<>(best.size());
        for (Map.Entry<String, Double> e : best) {
            out.add(e.getKey());
        }
        return out;
    }
}
