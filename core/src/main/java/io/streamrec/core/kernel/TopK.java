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
    }

    public float threshold() {
        return size < k ? Float.NEGATIVE_INFINITY : scores[0];
    }

    public void offer(int row, float score) {
        if (size < k) {
            rows[size] = row;
            scores[size] = score;
            siftUp(size++);
        } else if (score > scores[0]) {
            rows[0] = row;
            scores[0] = score;
            siftDown(0);
        }
    }

    public int size() {
        return size;
    }

    /** Rows by descending score (ties by row); consumes nothing. */
    public int[] rowsDescending() {
        Integer[] order = order();
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = rows[order[i]];
        }
        return out;
    }

    /** The scores in the order of {@link #rowsDescending()}. */
    public float[] scoresDescending() {
        Integer[] order = order();
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = scores[order[i]];
        }
        return out;
    }

    private Integer[] order() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a])
                : Integer.compare(rows[a], rows[b]));
        return order;
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
