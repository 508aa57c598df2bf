package io.streamrec.core.kernel;

/**
 * Quickselect on {@code long} keys: where a request needs one cut out of a few hundred values (the k-th best
 * candidate, the m-th best blended score), not their order. Doubles go through {@link #sortable} to be
 * selected in {@link Double#compare}'s order.
 */
public final class Select {
    private Select() {}

    /**
     * Rearranges {@code a[from..to)} so that {@code a[t]} holds what a sort would put there, with nothing larger
     * before it and nothing smaller after it. Three-way partitions around a median of three, so runs of equal
     * keys cost no more than distinct ones.
     */
    public static void nth(long[] a, int from, int to, int t) {
        if (t < from || t >= to) {
            throw new IndexOutOfBoundsException(t);
        }
        int lo = from;
        int hi = to - 1;
        while (hi > lo) {
            long p = medianOf3(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int lt = lo;
            int i = lo;
            int gt = hi;
            while (i <= gt) { // a[lo..lt) < p, a[lt..i) == p, a(gt..hi] > p
                if (a[i] < p) {
                    swap(a, lt++, i++);
                } else if (a[i] > p) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            if (t < lt) {
                hi = lt - 1;
            } else if (t > gt) {
                lo = gt + 1;
            } else {
                return;
            }
        }
    }

    /** A double as a long that orders like {@link Double#compare} (-0 below +0, NaN above everything). */
    public static long sortable(double d) {
        long bits = Double.doubleToLongBits(d);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** The double of a {@link #sortable} key. */
    public static double fromSortable(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }

    private static long medianOf3(long x, long y, long z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }

    private static void swap(long[] a, int i, int j) {
        long s = a[i];
        a[i] = a[j];
        a[j] = s;
    }
}
