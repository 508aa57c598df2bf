package io.streamrec.core.kernel;

/**
 * A bounded min-heap of (row, score) keeping the {@code k} best entries in one total order: higher score
 * first, and between equal scores the lower row. So what it holds does not depend on the order rows were
 * offered in: a scan split into row ranges and merged ({@link #offer} of each part's entries) keeps exactly
 * what one pass over the rows would. {@link #threshold()} is the score a candidate must beat (or equal with a
 * lower row than the worst entry), so most rows of a scan are rejected with one comparison. NaN scores are
 * never kept.
 *
 * <p>{@link #bulk} makes one for many offers and one read (the int8 pass's candidates): offers are appended
 * to a buffer of about 2k and the best k picked by selection when it fills, instead of a heap step per offer;
 * what it holds once read is the same.
 */
public final class TopK {
    private final int k;
    private final int[] rows;
    private final float[] scores;
    private int size;
    /** {@link #sortedKeys()} until the next change (the rows and the scores of one result share a sort). */
    private long[] sorted;
    /** Bulk mode: the offers kept so far as {@link #key}s (the best k after {@link #select}), else null. */
    private final long[] buffer;
    private int buffered;
    /** Bulk mode: the k-th best entry at the last selection (what an offer must beat), none before. */
    private float bulkThreshold = Float.NEGATIVE_INFINITY;
    private int bulkThresholdRow = Integer.MAX_VALUE;

    public TopK(int k) {
        this(k, false);
    }

    private TopK(int k, boolean bulk) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be ≥ 1");
        }
        this.k = k;
        this.rows = bulk ? null : new int[k];
        this.scores = bulk ? null : new float[k];
        this.buffer = bulk ? new long[2 * k + 16] : null;
    }

    /**
     * A top k for many offers and one read: the same entries once read, at a fraction of the cost per offer.
     * Its {@link #threshold()} lags (a lower bound of the k-th best score so far) until it is read ({@link #size},
     * the keys or the lists), exact from then on.
     */
    public static TopK bulk(int k) {
        return new TopK(k, true);
    }

    public void clear() {
        size = 0;
        sorted = null;
        buffered = 0;
        bulkThreshold = Float.NEGATIVE_INFINITY;
        bulkThresholdRow = Integer.MAX_VALUE;
    }

    public float threshold() {
        if (buffer != null) {
            return bulkThreshold;
        }
        return size < k ? Float.NEGATIVE_INFINITY : scores[0];
    }

    public void offer(int row, float score) {
        if (Float.isNaN(score)) {
            return;
        }
        if (buffer != null) {
            if (beatsBulk(row, score)) {
                append(row, score);
            }
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

    /**
     * {@link #offer}s {@code scores[0..count-1]} for rows {@code firstRow, firstRow + 1, …}, leaving out the rows
     * {@code skip} names (asked only of rows whose score would be kept); returns {@link #threshold()} after. One
     * call for a block of a scan instead of one per row.
     */
    public float offerAll(float[] scores, int firstRow, int count, VectorKernels.RowFilter skip) {
        if (buffer == null) {
            for (int i = 0; i < count; i++) {
                if (scores[i] > threshold() && !skip.skip(firstRow + i)) {
                    offer(firstRow + i, scores[i]);
                }
            }
            return threshold();
        }
        for (int i = 0; i < count; i++) {
            if (beatsBulk(firstRow + i, scores[i]) && !skip.skip(firstRow + i)) {
                append(firstRow + i, scores[i]);
            }
        }
        return bulkThreshold;
    }

    /** Bulk mode: whether an offer beats the k-th best entry of the last selection (never for NaN). */
    private boolean beatsBulk(int row, float score) {
        return score > bulkThreshold || (score == bulkThreshold && row < bulkThresholdRow);
    }

    /** Bulk mode: keeps an offer that beat the threshold, selecting first when the buffer is full. */
    private void append(int row, float score) {
        if (buffered == buffer.length) {
            select();
            if (!beatsBulk(row, score)) {
                return;
            }
        }
        buffer[buffered++] = key(row, score);
        sorted = null;
    }

    public int size() {
        settle();
        return buffer != null ? buffered : size;
    }

    /** Bulk mode: keeps only the best k of the buffer, and makes the threshold exact. */
    private void settle() {
        if (buffer != null && buffered > k) {
            select();
        }
    }

    /** Bulk mode: moves the best k keys to the front (the k-th at k − 1) and drops the rest. */
    private void select() {
        Select.nth(buffer, 0, buffered, k - 1);
        buffered = k;
        bulkThreshold = keyScore(buffer[k - 1]);
        bulkThresholdRow = keyRow(buffer[k - 1]);
    }

    /** How many entries it keeps at most. */
    public int capacity() {
        return k;
    }

    /** Rows by descending score (ties by row); consumes nothing. */
    public int[] rowsDescending() {
        long[] keys = sortedKeys();
        int[] out = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = keyRow(keys[i]);
        }
        return out;
    }

    /** The scores in the order of {@link #rowsDescending()}. */
    public float[] scoresDescending() {
        long[] keys = sortedKeys();
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
        if (buffer != null) {
            settle();
            System.arraycopy(buffer, 0, dst, off, buffered);
            return;
        }
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
        if (buffer != null) {
            settle();
            for (int i = 0; i < buffered; i++) {
                if (keyRow(buffer[i]) == row) {
                    return keyScore(buffer[i]);
                }
            }
            throw new IllegalArgumentException("row " + row + " not in the top " + k);
        }
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
