package io.streamrec.flink.learn;

/**
 * The user side's message to an item's owner for one bundle of events: the item's gradients summed
 * over the events of the bundle that touched it ({@link GradientBundle}). For the item as a target
 * (the event's item or a sampled negative): {@code target = Σ c_k·x_k} (width d+1) over
 * {@code targets} events, each term {@code ∂L/∂s} times the query the user side scored with. For the
 * item as a context item: {@code context = Σ w_j·g_j} (width d) over {@code contexts} events, each
 * term the item's context weight times the gradient of the query. Either part is null when the bundle
 * did not use the item that way. A Flink POJO.
 */
public class BundledGradient {
    public String itemId;
    /** The category an event named for this item (the latest such event of the bundle); null when none did. */
    public String category;
    /** Summed target gradient, width d+1; null when no event of the bundle scored the item. */
    public float[] target;
    /** Events whose target gradient is in {@link #target}. */
    public int targets;
    /** Summed context gradient, width d; null when the item was no event's context. */
    public float[] context;
    /** Events whose context gradient is in {@link #context}. */
    public int contexts;
    /**
     * A suggested start for an item the user side had not seen published (the centroid of its
     * category's published vectors); null otherwise.
     */
    public float[] init;
    /** Event time of the latest event that contributed. */
    public long ts;

    public BundledGradient() {}

    public BundledGradient(String itemId) {
        this.itemId = itemId;
    }

    /** A bundle of one message (tests, unbundled use). */
    public static BundledGradient of(ItemGradient g) {
        BundledGradient b = new BundledGradient(g.itemId);
        b.add(g);
        return b;
    }

    /** Adds one event's message for this item. */
    public void add(ItemGradient g) {
        if (g.category != null) {
            category = g.category;
        }
        if (g.init != null && init == null) {
            init = g.init;
        }
        ts = Math.max(ts, g.ts);
        float[] v = g.vector;
        float c = g.coef;
        if (g.context) {
            if (context == null) {
                context = new float[v.length];
            }
            for (int j = 0; j < context.length; j++) {
                context[j] += c * v[j];
            }
            contexts++;
        } else {
            if (target == null) {
                target = new float[v.length];
            }
            for (int j = 0; j < target.length; j++) {
                target[j] += c * v[j];
            }
            targets++;
        }
    }

    /** Contributions (events × role) summed in this message. */
    public int contributions() {
        return targets + contexts;
    }
}
