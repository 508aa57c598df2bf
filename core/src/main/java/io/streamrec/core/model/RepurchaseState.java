package io.streamrec.core.model;

/**
 * One user's re-purchase cycles, the state of {@link Repurchase}: per bought item the decayed number
 * of purchases, the typical gap between them and the latest purchase. Public arrays and a no-arg
 * constructor keep this a Flink POJO (no Kryo) without any Flink dependency here.
 */
public class RepurchaseState {
    public String[] items = new String[0];
    /** Decayed purchase count of {@code items[i]}, as of {@code lastTs[i]}. */
    public double[] counts = new double[0];
    /** Typical gap between two orders of {@code items[i]}, milliseconds; meaningful when {@code gaps[i] > 0}. */
    public double[] intervals = new double[0];
    /** Number of gaps averaged into {@code intervals[i]}. */
    public int[] gaps = new int[0];
    /** Event time of the latest purchase of {@code items[i]}, epoch ms. */
    public long[] lastTs = new long[0];
    /** Changes applied so far: the version written to Redis. */
    public long version;

    public RepurchaseState() {}

    public int size() {
        return items.length;
    }

    /** A deep copy. */
    public RepurchaseState copy() {
        RepurchaseState c = new RepurchaseState();
        c.items = items.clone();
        c.counts = counts.clone();
        c.intervals = intervals.clone();
        c.gaps = gaps.clone();
        c.lastTs = lastTs.clone();
        c.version = version;
        return c;
    }

    int indexOf(String itemId) {
        for (int i = 0; i < items.length; i++) {
            if (items[i].equals(itemId)) {
                return i;
            }
        }
        return -1;
    }
}
