package io.streamrec.core.kernel;

/**
 * A bounded min-heap of (row, score) keeping the {@code k} best entries in one total order: higher score
 * first, and between equal scores the lower row. So what it holds does not depend on the order rows were
 * offered in: a scan split into row ranges and merged ({@link #offer} of each part's entries) keeps exactly
 * what one pass over the rows would. {@link #threshold()} is the score a candidate must beat (or equal with a
 * lower row than the worst entry), so most rows of a scan are rejected with one comparison. NaN scores are
 * never kept.
 *
 * <p>For many offers and one read (the int8 pass's candidates), {@link TopKBulk} holds the same entries at a
 * fraction of the cost per offer.
 */
public final class TopK {
    private final int k;
    private final int[] rows;
    private final float[] scores;
    private int size;
    /** {@link #sortedKeys()} until the next change (the rows and the scores of one result share a sort). */
    private long[] sorted;

    public TopK(int k) {
        requirePositive(k);
        this.k = k;
        this.rows = new int[k];
        this.scores = new float[k];
    }

    static void requirePositive(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be ≥ 1");
        }
    }

    public void clear() {
        size = 0;
        sorted = null;
    }

    /** The score a candidate must beat (or equal with a lower row than the worst entry) to be kept. */
    public float threshold() {
        return size < k ? Float.NEGATIVE_INFINITY : scores[0];
    }

    public void offer(int row, float score) {
        if (Float.isNaN(score)) {
            return;
        }
        if (size < k) {
            rows[size] = row;
            scores[size] = score;
            siftUp(size++);
            sorted = null;
        } else if (score > scores[0] || (score == scores[0] && row < rows[0])) {
            rows[0] = row;
            scores[0] = score;
            siftDown(0);
            sorted = null;
        }
    }

    public int size() {
        return size;
    }

    /** How many entries it keeps at most. */
    public int capacity() {
        return k;
    }

    /** Rows by descending score (ties by row); consumes nothing. */
    public int[] rowsDescending() {
        return rowsOf(sortedKeys());
    }

    /** The scores in the order of {@link #rowsDescending()}. */
    public float[] scoresDescending() {
        return scoresOf(sortedKeys());
    }

    /** The rows of {@code keys}, in their order. */
    static int[] rowsOf(long[] keys) {
        int[] out = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = keyRow(keys[i]);
        }
        return out;
    }

    /** The scores of {@code keys}, in their order. */
    static float[] scoresOf(long[] keys) {
        float[] out = new float[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = keyScore(keys[i]);
        }
        return out;
    }

    /**
     * One long per entry, sorting ascending as (score descending, row ascending) ({@link #key}). Primitive
     * sort, no boxing on the request path.
     */
    private long[] sortedKeys() {
        if (sorted != null) {
            return sorted;
        }
        long[] keys = new long[size()];
        copyKeys(keys, 0);
        java.util.Arrays.sort(keys);
        sorted = keys;
        return keys;
    }

    /** Writes the {@link #key} of every entry into {@code dst} from {@code off} on (heap order). */
    public void copyKeys(long[] dst, int off) {
        for (int i = 0; i < size; i++) {
            dst[off + i] = key(rows[i], scores[i]);
        }
    }

    /**
     * (row, score) as one long whose ascending order is this heap's ranking, best first: the score's bits
     * mapped to an int that orders like the float (-0 just below +0), inverted, above the row (non-negative).
     */
    public static long key(int row, float score) {
        int bits = Float.floatToIntBits(score);
        int ordered = bits ^ ((bits >> 31) & 0x7FFFFFFF);
        return ((long) ~ordered << 32) | (row & 0xFFFFFFFFL);
    }

    /** The row of a {@link #key}. */
    public static int keyRow(long key) {
        return (int) key;
    }

    /** The score of a {@link #key}. */
    public static float keyScore(long key) {
        int ordered = ~(int) (key >> 32);
        return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7FFFFFFF));
    }

    /** The score of a row that is in the heap. */
    public float scoreOf(int row) {
        for (int i = 0; i < size; i++) {
            if (rows[i] == row) {
                return scores[i];
            }
        }
        throw new IllegalArgumentException("row " + row + " not in the top " + k);
    }

    /** Whether entry {@code a} ranks below entry {@code b}: a lower score, or the same and a higher row. */
    private boolean worse(int a, int b) {
        return scores[a] < scores[b] || (scores[a] == scores[b] && rows[a] > rows[b]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!worse(i, p)) {
                return;
            }
            swap(i, p);
            i = p;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int m = i;
            if (l < size && worse(l, m)) {
                m = l;
            }
            if (r < size && worse(r, m)) {
                m = r;
            }
            if (m == i) {
                return;
            }
            swap(i, m);
            i = m;
        }
    }

    private void swap(int a, int b) {
        int tr = rows[a];
        rows[a] = rows[b];
        rows[b] = tr;
        float ts = scores[a];
        scores[a] = scores[b];
        scores[b] = ts;
    }
}
