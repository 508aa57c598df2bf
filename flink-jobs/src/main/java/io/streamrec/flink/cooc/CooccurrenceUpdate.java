package io.streamrec.flink.cooc;

/**
 * A count for one item's co-occurrence state, keyed by {@code itemId}: the item was in one more
 * basket ({@code other} null), or shared one with {@code other}; at event time {@code ts}. A Flink POJO.
 */
public class CooccurrenceUpdate {
    public String itemId;
    public String other;
    public long ts;

    public CooccurrenceUpdate() {}

    public CooccurrenceUpdate(String itemId, String other, long ts) {
        this.itemId = itemId;
        this.other = other;
        this.ts = ts;
    }

    @Override
    public String toString() {
        return itemId + (other == null ? "" : "~" + other) + "@" + ts;
    }
}
