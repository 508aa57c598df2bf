package io.streamrec.core.vector;

import io.streamrec.core.kernel.VectorKernels;
import java.util.Arrays;

/**
 * An int8 copy of an {@link ItemMatrix}'s factor rows for the first pass of a two-pass top-K scan: a
 * quarter of the bytes of the float rows, so at a million items the pass is no longer bound by memory
 * bandwidth (see README, serving benchmark).
 *
 * <p>Each row is quantised symmetrically with its own step {@code s = max|x| / 127}
 * ({@code code = round(x / s)}), so every value is within {@code s / 2} of {@code s · code} and a
 * row's dot product with a query {@code q} is within {@code s · ‖q‖₁ / 2} of {@code s · Σ code · q}.
 * The pass ranks rows by that bound's upper end, with the query quantised too
 * ({@link VectorKernels.Int8Query}: its rounding costs at most its residual times the codes' L2 norm, kept
 * per row here); the matrix then re-scores its candidates exactly and proves that no other row can beat
 * them (see {@link ItemMatrix#topK}). Codes are stored in blocks of {@link VectorKernels#int8BlockRows()}
 * rows ({@link VectorKernels#int8Index}). Not thread-safe (written under the matrix owner's lock).
 */
final class QuantizedRows {
    /**
     * The slack per unit of ‖q‖₁, in code units: ½ for rounding to the nearest code, plus a margin for
     * the float rounding of the exact score and of the bound (about dim · 1.5e-5: 0.001 for 64 factors; the
     * pass's own sums are exact integers; {@link ItemMatrix} allows
     * quantisation only up to {@link #MAX_DIM} factors, where it stays below 0.01).
     */
    static final float SLACK_PER_L1 = 0.51f;
    static final int MAX_DIM = 512;

    private final int dim;
    private final int blockRows;
    private byte[] codes;
    /** Per row: the step s (≥ 0), NaN for a row with non-finite values (never a candidate). */
    private float[] dotScale;
    /** Per row: s times the inverse norm of the factors (cosine similarity). */
    private float[] cosScale;
    /** Per row: the L2 norm of its codes, rounded up (what the query's quantisation can cost it). */
    private float[] codeNorms;

    QuantizedRows(int dim, int rows) {
        this.dim = dim;
        this.blockRows = VectorKernels.int8BlockRows();
        int n = roundUp(rows);
        this.codes = new byte[n * VectorKernels.int8Columns(dim)];
        this.dotScale = new float[n];
        this.cosScale = new float[n];
        this.codeNorms = new float[n];
    }

    /** Rows rounded up to whole blocks: the length every per-row array a block scan reads must have. */
    static int roundUp(int rows) {
        int b = VectorKernels.int8BlockRows();
        return (rows + b - 1) / b * b;
    }

    void ensureRows(int rows) {
        int n = roundUp(rows);
        if (n > dotScale.length) {
            codes = Arrays.copyOf(codes, n * VectorKernels.int8Columns(dim)); // growing appends whole blocks
            dotScale = Arrays.copyOf(dotScale, n);
            cosScale = Arrays.copyOf(cosScale, n);
            codeNorms = Arrays.copyOf(codeNorms, n);
        }
    }

    /** Quantises {@code dim} values of {@code src} from {@code off} into {@code row}. */
    void set(int row, float[] src, int off, float invNorm) {
        float max = 0;
        for (int d = 0; d < dim; d++) {
            max = Math.max(max, Math.abs(src[off + d]));
        }
        int base = VectorKernels.int8Index(row, 0, dim);
        if (!Float.isFinite(max)) {
            for (int d = 0; d < dim; d++) {
                codes[base + d * blockRows] = 0;
            }
            dotScale[row] = Float.NaN;
            cosScale[row] = Float.NaN;
            codeNorms[row] = 0f;
            return;
        }
        float step = max / 127f;
        float inv = step > 0 ? 1f / step : 0f;
        long squares = 0;
        for (int d = 0; d < dim; d++) {
            int code = Math.max(-127, Math.min(127, Math.round(src[off + d] * inv)));
            codes[base + d * blockRows] = (byte) code;
            squares += (long) code * code;
        }
        dotScale[row] = step;
        cosScale[row] = step * invNorm;
        codeNorms[row] = Math.nextUp((float) Math.sqrt(squares));
    }

    /** The slack (in code units) that makes the pass's scores upper bounds for this query's factors. */
    static float slack(float[] query, int n) {
        float l1 = 0;
        for (int i = 0; i < n; i++) {
            l1 += Math.abs(query[i]);
        }
        return SLACK_PER_L1 * l1;
    }

    byte[] codes() {
        return codes;
    }

    float[] dotScale() {
        return dotScale;
    }

    float[] cosScale() {
        return cosScale;
    }

    float[] codeNorms() {
        return codeNorms;
    }

    int dim() {
        return dim;
    }
}
