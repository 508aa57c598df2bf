package io.streamrec.flink.cooc;

import java.util.StringJoiner;

/**
 * Counts for one item's co-occurrence state, keyed by {@code itemId}, in the order they were made: for
 * each {@code i}, the item was in one more basket ({@code others[i]} null) or shared one with
 * {@code others[i]}, at event time {@code ts[i]}. {@link io.streamrec.flink.learn.UserLearnerFunction} sends an item's counts of
 * a bundle of events in one message ({@link PairBundle}). A Flink POJO.
 */
public class CooccurrenceUpdate {
    public String itemId;
    public String[] others;
    public long[] ts;

    public CooccurrenceUpdate() {}

    public CooccurrenceUpdate(String itemId, String[] others, long[] ts) {
        if (others.length != ts.length) {
            throw new IllegalArgumentException("one event time per count: " + others.length + " != " + ts.length);
        }
        this.itemId = itemId;
        this.others = others;
        this.ts = ts;
    }

    /** One count: the item was in one more basket ({@code other} null) or shared one with {@code other}. */
    public static CooccurrenceUpdate of(String itemId, String other, long ts) {
        return new CooccurrenceUpdate(itemId, new String[] {other}, new long[] {ts});
    }

    /** Applies the counts to the item's state {@code s}, in the order they were made (the same result as one by one). */
    public void applyTo(io.streamrec.core.model.CoOccurrence model, io.streamrec.core.model.CoOccurrence.State s) {
        for (int i = 0; i < others.length; i++) {
            if (others[i] == null) {
                model.count(s, ts[i]);
            } else {
                model.pair(s, others[i], ts[i]);
            }
        }
    }

    /** The counts, each as {@code item@ts} (one more basket) or {@code item~other@ts}, comma-separated. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ");
        for (int i = 0; i < others.length; i++) {
            out.add(itemId + (others[i] == null ? "" : "~" + others[i]) + "@" + ts[i]);
        }
        return out.toString();
    }
}
