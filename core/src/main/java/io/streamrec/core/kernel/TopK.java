package io.streamrec.core.kernel;

/**
 * A bounded min-heap of (row, score) keeping the {@code k} highest scores; {@link #threshold()} is
 * the score a candidate must beat, so most rows of a scan are rejected with one comparison.
 */
public final class TopK {
    private final int k;
    private final int[] rows;
    private final float[] scores;
    private int size;
    /** {@link #sortedKeys()} until the next change (the rows and the scores of one result share a sort). */
    private long[] sorted;

    public TopK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be ≥ 1");
        }
        this.k = k;
        this.rows = new int[k];
        this.scores = new float[k];
    }

    public void clear() {
        size = 0;
        sorted = null;
    }

    public float threshold() {
        return size < k ? Float.NEGATIVE_INFINITY : scores[0];
    }

    public void offer(int row, float score) {
        if (size < k) {
            rows[size] = row;
            scores[size] = score;
            siftUp(size++);
            sorted = null;
        } else if (score > scores[0]) {
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

    /** The rows held, in ascending row order. */
    public int[] rowsAscending() {
        int[] out = java.util.Arrays.copyOf(rows, size);
        java.util.Arrays.sort(out);
        return out;
    }

    /** Rows by descending score (ties by row); consumes nothing. */
    public int[] rowsDescending() {
        long[] keys = sortedKeys();
        int[] out = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = (int) keys[i];
        }
        return out;
    }

    /** The scores in the order of {@link #rowsDescending()}. */
    public float[] scoresDescending() {
        long[] keys = sortedKeys();
        float[] out = new float[keys.length];
        for (int i = 0; i < keys.length; i++) {
            int ordered = ~(int) (keys[i] >> 32);
            out[i] = Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7FFFFFFF));
        }
        return out;
    }

    /**
     * One long per entry, sorting ascending as (score descending, row ascending): the score's bits mapped
     * to an int that orders like the float, inverted, above the row. Primitive sort, no boxing on the
     * request path.
     */
    private long[] sortedKeys() {
        if (sorted != null) {
            return sorted;
        }
        long[] keys = new long[size];
        for (int i = 0; i < size; i++) {
            int bits = Float.floatToIntBits(scores[i]);
            int ordered = bits ^ ((bits >> 31) & 0x7FFFFFFF);
            keys[i] = ((long) ~ordered << 32) | (rows[i] & 0xFFFFFFFFL);
        }
        java.util.Arrays.sort(keys);
        sorted = keys;
        return keys;
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

    private void siftUp(int i) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (scores[p] <= scores[i]) {
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
            if (l < size && scores[l] < scores[m]) {
                m = l;
            }
            if (r < size && scores[r] < scores[m]) {
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
