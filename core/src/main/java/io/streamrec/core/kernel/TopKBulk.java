package io.streamrec.core.kernel;

/**
 * The {@code k} best (row, score) entries of many offers and one read (the int8 pass's candidates), in the
 * order of {@link TopK} (higher score first, the lower row between equal scores; NaN never kept): offers are
 * appended to a buffer of about 2k and the best k picked by selection when it fills, instead of a heap step
 * per offer. Once read ({@link #size}, the keys or the lists) it holds exactly what a {@link TopK} given the
 * same offers holds. Its {@link #threshold()} lags until then: a lower bound of the k-th best score so far.
 */
public final class TopKBulk {
    private final int k;
    /** The offers kept so far as {@link TopK#key}s (the best k after {@link #select}). */
    private final long[] buffer;
    private int buffered;
    /** {@link #sortedKeys()} until the next change. */
    private long[] sorted;
    /** The k-th best entry at the last selection (what an offer must beat), none before. */
    private float threshold = Float.NEGATIVE_INFINITY;
    private int thresholdRow = Integer.MAX_VALUE;

    public TopKBulk(int k) {
        TopK.requirePositive(k);
        this.k = k;
        this.buffer = new long[2 * k + 16];
    }

    public void clear() {
        sorted = null;
        buffered = 0;
        threshold = Float.NEGATIVE_INFINITY;
        thresholdRow = Integer.MAX_VALUE;
    }

    /** The score an offer must beat (or equal with a lower row) to be kept; exact once read. */
    public float threshold() {
        return threshold;
    }

    public void offer(int row, float score) {
        if (Float.isNaN(score)) {
            return;
        }
        if (beats(row, score)) {
            append(row, score);
        }
    }

    /**
     * {@link #offer}s {@code scores[0..count-1]} for rows {@code firstRow, firstRow + 1, …}, leaving out the rows
     * {@code skip} names (asked only of rows whose score would be kept); returns {@link #threshold()} after. One
     * call for a block of a scan instead of one per row.
     */
    public float offerAll(float[] scores, int firstRow, int count, VectorKernels.RowFilter skip) {
        for (int i = 0; i < count; i++) {
            if (beats(firstRow + i, scores[i]) && !skip.skip(firstRow + i)) {
                append(firstRow + i, scores[i]);
            }
        }
        return threshold;
    }

    /** Whether an offer beats the k-th best entry of the last selection (never for NaN). */
    private boolean beats(int row, float score) {
        return score > threshold || (score == threshold && row < thresholdRow);
    }

    /** Keeps an offer that beat the threshold, selecting first when the buffer is full. */
    private void append(int row, float score) {
        if (buffered == buffer.length) {
            select();
            if (!beats(row, score)) {
                return;
            }
        }
        buffer[buffered++] = TopK.key(row, score);
        sorted = null;
    }

    public int size() {
        settle();
        return buffered;
    }

    /** Keeps only the best k of the buffer, and makes the threshold exact. */
    private void settle() {
        if (buffered > k) {
            select();
        }
    }

    /** Moves the best k keys to the front (the k-th at k − 1) and drops the rest. */
    private void select() {
        Select.nth(buffer, 0, buffered, k - 1);
        buffered = k;
        threshold = TopK.keyScore(buffer[k - 1]);
        thresholdRow = TopK.keyRow(buffer[k - 1]);
    }

    /** How many entries it keeps at most. */
    public int capacity() {
        return k;
    }

    /** Rows by descending score (ties by row); consumes nothing. */
    public int[] rowsDescending() {
        return TopK.rowsOf(sortedKeys());
    }

    /** The scores in the order of {@link #rowsDescending()}. */
    public float[] scoresDescending() {
        return TopK.scoresOf(sortedKeys());
    }

    /** One long per entry, sorted best first ({@link TopK#key}). */
    private long[] sortedKeys() {
        if (sorted == null) {
            settle();
            sorted = java.util.Arrays.copyOf(buffer, buffered);
            java.util.Arrays.sort(sorted);
        }
        return sorted;
    }

    /** Writes the {@link TopK#key} of every entry into {@code dst} from {@code off} on (unordered). */
    public void copyKeys(long[] dst, int off) {
        settle();
        System.arraycopy(buffer, 0, dst, off, buffered);
    }

    /** The score of a row that is kept. */
    public float scoreOf(int row) {
        settle();
        for (int i = 0; i < buffered; i++) {
            if (TopK.keyRow(buffer[i]) == row) {
                return TopK.keyScore(buffer[i]);
            }
        }
        throw new IllegalArgumentException("row " + row + " not in the top " + k);
    }
}
