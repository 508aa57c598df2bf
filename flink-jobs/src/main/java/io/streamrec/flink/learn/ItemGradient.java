package io.streamrec.flink.learn;

/**
 * The user side's message to an item's owner for one event: {@code ∂L/∂s} for this item and the user
 * vector the user side scored with. The item side's gradient is {@code coef·user + λ·v}.
 */
public class ItemGradient {
    public String itemId;
    /** The event's category for the event's own item; null for sampled negatives. */
    public String category;
    public float coef;
    public float[] user;
    /** Event time of the event that caused it. */
    public long ts;

    public ItemGradient() {}

    public ItemGradient(String itemId, String category, float coef, float[] user, long ts) {
        this.itemId = itemId;
        this.category = category;
        this.coef = coef;
        this.user = user;
        this.ts = ts;
    }
}
