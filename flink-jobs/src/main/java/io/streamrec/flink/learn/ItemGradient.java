package io.streamrec.flink.learn;

/**
 * The user side's message to an item's owner for one event. For a target item (the event's item or
 * a sampled negative): {@code coef = ∂L/∂s} and {@code vector} the query x the user side scored with;
 * the item's gradient is {@code coef·x + λ·p}. For a context item ({@code context = true}):
 * {@code coef} is the item's context weight and {@code vector} the gradient g of the query; the
 * gradient of the item's context vector is {@code coef·g + λ·q}.
 */
public class ItemGradient {
    public String itemId;
    /** The event's category for the event's own item; null otherwise. */
    public String category;
    public float coef;
    public float[] vector;
    public boolean context;
    /**
     * For the event's own item when the user side has not seen its vector yet: a suggested start (the
     * centroid of the category's published vectors); null otherwise.
     */
    public float[] init;
    /** Event time of the event that caused it. */
    public long ts;

    public ItemGradient() {}

    public ItemGradient(String itemId, String category, float coef, float[] vector, long ts) {
        this(itemId, category, coef, vector, ts, false);
    }

    public ItemGradient(String itemId, String category, float coef, float[] vector, long ts, boolean context) {
        this.itemId = itemId;
        this.category = category;
        this.coef = coef;
        this.vector = vector;
        this.ts = ts;
        this.context = context;
    }
}
