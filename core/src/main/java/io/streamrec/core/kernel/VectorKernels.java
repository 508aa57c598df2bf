package io.streamrec.core.kernel;

/**
 * The hot loops on plain {@code float[]}: dot products, axpy, scaling, norms and the top-K scan.
 * Uses the JDK Vector API (incubator module {@code jdk.incubator.vector}, enabled with
 * {@code --add-modules jdk.incubator.vector}) when the JVM has it, else an equivalent scalar loop.
 * Both give the same results up to float rounding order.
 */
public final class VectorKernels {
    private static final boolean SIMD = simdAvailable();

    private VectorKernels() {}

    static boolean simdAvailable() {
        if (Boolean.getBoolean("streamrec.kernels.scalar")) {
            return false;
        }
        try {
            return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && SimdKernels.LANES > 1;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Whether the Vector API path is in use (for benchmark reports). */
    public static boolean simd() {
        return SIMD;
    }

    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return SIMD ? SimdKernels.dot(a, aOff, b, bOff, n) : ScalarKernels.dot(a, aOff, b, bOff, n);
    }

    public static float dot(float[] a, float[] b) {
        return dot(a, 0, b, 0, a.length);
    }

    /** y[yOff..] += alpha * x[xOff..] over n elements. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (SIMD) {
            SimdKernels.axpy(alpha, x, xOff, y, yOff, n);
        } else {
            ScalarKernels.axpy(alpha, x, xOff, y, yOff, n);
        }
    }

    public static void scale(float[] x, int off, int n, float alpha) {
        for (int i = off; i < off + n; i++) {
            x[i] *= alpha;
        }
    }

    public static float norm(float[] x, int off, int n) {
        return (float) Math.sqrt(dot(x, off, x, off, n));
    }

    public static boolean allFinite(float[] x) {
        for (float f : x) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Scores every row of a row-major matrix ({@code rows} rows of width {@code dim}) against
     * {@code query} and keeps the {@code k} best in {@code heap}; rows for which {@code skip} says
     * so are left out. One flat pass over the matrix.
     */
    public static void topK(float[] matrix, int rows, int dim, float[] query, TopK heap, RowFilter skip) {
        if (SIMD) {
            SimdKernels.topK(matrix, rows, dim, query, heap, skip);
        } else {
            ScalarKernels.topK(matrix, rows, dim, query, heap, skip);
        }
    }

    /**
     * As {@link #topK}, each row's score plus {@code last[row] · lastQuery}: the layout of
     * {@link io.streamrec.core.vector.ItemMatrix}, whose rows hold the factors and a separate array the
     * last slot (the bias).
     */
    public static void topK(float[] matrix, int rows, int dim, float[] query, float[] last, float lastQuery, TopK heap,
                            RowFilter skip) {
        topK(matrix, 0, rows, dim, query, last, lastQuery, heap, skip);
    }

    /** {@link #topK(float[], int, int, float[], float[], float, TopK, RowFilter)} over rows {@code from..to-1} only. */
    public static void topK(float[] matrix, int from, int to, int dim, float[] query, float[] last, float lastQuery,
                            TopK heap, RowFilter skip) {
        if (SIMD) {
            SimdKernels.topK(matrix, from, to, dim, query, last, lastQuery, heap, skip);
        } else {
            ScalarKernels.topK(matrix, from, to, dim, query, last, lastQuery, heap, skip);
        }
    }

    /** {@code n} rounded up to whole SIMD registers (8 floats without the Vector API), so rows need no scalar tail. */
    public static int paddedLength(int n) {
        int lanes = SIMD ? Math.max(8, SimdKernels.LANES) : 8;
        return (n + lanes - 1) / lanes * lanes;
    }

    /**
     * As {@link #topK}, over rows {@code from..to-1}, with each row's dot product multiplied by
     * {@code scale[row]} before it competes (cosine similarity: rows scaled by their inverse norms, the query
     * normalised).
     */
    public static void topKScaled(float[] matrix, int from, int to, int dim, float[] query, float[] scale, TopK heap,
                                  RowFilter skip) {
        if (SIMD) {
            SimdKernels.topKScaled(matrix, from, to, dim, query, scale, heap, skip);
        } else {
            ScalarKernels.topKScaled(matrix, from, to, dim, query, scale, heap, skip);
        }
    }

    /**
     * Columns of the int8 pass summed in 16-bit lanes before they are widened: {@link Int8Query} scales the
     * query so that no such sum can overflow.
     */
    static final int INT8_GROUP = 8;
    /**
     * The largest ‖Q‖₁ of a group of {@link #INT8_GROUP} quantised query values: with codes in [-127, 127], a
     * group's sum of products stays within a 16-bit lane (258 · 127 = 32766).
     */
    static final int INT8_GROUP_L1 = Short.MAX_VALUE / 127;

    /**
     * Rows per block of the int8 layout of {@link #topKInt8}: twice the float lanes of one SIMD register (one
     * 16-bit lane per row; 16 without the Vector API).
     */
    public static int int8BlockRows() {
        return SIMD && SimdKernels.CODES != null ? 2 * SimdKernels.LANES : 16;
    }

    /**
     * Where {@code row}'s code of factor {@code d} is in the int8 layout: blocks of {@link #int8BlockRows()}
     * rows and {@link #int8Columns} columns, column-major inside a block (one load reads factor {@code d} of the whole block), and inside a
     * column the first half's rows at even positions and the second half's at odd ones, so that the 16-bit
     * sums of a column pair split into two registers of row-ordered 32-bit sums with two shifts.
     */
    public static int int8Index(int row, int d, int dim) {
        int block = int8BlockRows();
        int half = block / 2;
        int p = row % block;
        int lane = p < half ? 2 * p : 2 * (p - half) + 1;
        return (row / block * int8Columns(dim) + d) * block + lane;
    }

    /**
     * Columns of a block in the int8 layout for {@code dim} factors: {@code dim} rounded up to whole groups of
     * {@link #INT8_GROUP} (the extra columns hold zeros), so the pass has no partial group. A block takes
     * {@code int8Columns(dim) · int8BlockRows()} bytes.
     */
    public static int int8Columns(int dim) {
        return (dim + INT8_GROUP - 1) / INT8_GROUP * INT8_GROUP;
    }

    /**
     * Upper bounds of row scores from int8 codes, the k best kept in the query's heap: the first, cheap pass
     * of {@link io.streamrec.core.vector.QuantizedRows}, over rows {@code from..to-1} ({@code from} a multiple
     * of {@link #int8BlockRows()}: a part of a split scan). Layout: {@link #int8Index}. The sums are exact
     * integer sums of codes times the query quantised by {@link Int8Query}; a row's bound is
     * {@code rowScale[row] · (step · Σ code · Q + slack + residual · codeNorms[row]) + last[row] · qLast}, with
     * {@code codeNorms[row]} at least the L2 norm of the row's codes. With {@code slack} at least the
     * quantisation error of the rows (in code units) and a non-negative {@code rowScale}, the bound is never
     * below the row's exact score. A quarter of the bytes of a float scan, no conversion of codes to floats,
     * and no horizontal sum per row.
     */
    public static void topKInt8(byte[] codes, float[] codeNorms, float[] last, int from, int to, int dim,
                                Int8Query q) {
        requireBlockStart(from);
        if (SIMD && SimdKernels.CODES != null) {
            SimdKernels.topKInt8(codes, codeNorms, last, from, to, dim, q);
        } else {
            ScalarKernels.topKInt8(codes, codeNorms, last, from, to, dim, q, int8BlockRows());
        }
    }

    /**
     * One query of an int8 pass ({@link #topKInt8}): its factors, quantised to integers {@code Q} (per group of
     * {@link #INT8_GROUP} factors {@code ‖Q‖₁ ≤ }{@link #INT8_GROUP_L1}) with one step, and the L2 norm of what
     * that rounding left out ({@code residual}: {@code |Σ (q - step · Q) · code| ≤ residual · ‖code‖₂}); its
     * last slot's value, its slack, the per-row scale of its bounds, the rows it leaves out, and (once bound
     * with {@link #into}) the heap its bounds go to.
     */
    public static final class Int8Query {
        final float[] query;
        /**
         * Q of factor d, repeated for each row of a block: {@code Q[d · blockRows + lane]}, for the
         * {@link #int8Columns} columns of the layout.
         */
        final short[] expanded;
        final float step;
        final float residual;
        final float qLast;
        final float slack;
        final float[] rowScale;
        /** Where the bounds go: null until {@link #into} names it (a pass needs one). */
        final TopKBulk heap;
        final RowFilter skip;

        /**
         * Quantises {@code query}: at least {@code dim} factors (a longer, padded array is fine; the rest is
         * unused). A pass takes it bound to a heap ({@link #into}).
         */
        public Int8Query(float[] query, int dim, float qLast, float slack, float[] rowScale, RowFilter skip) {
            this.query = query;
            this.qLast = qLast;
            this.slack = slack;
            this.rowScale = rowScale;
            this.heap = null;
            this.skip = skip;
            int block = int8BlockRows();
            int columns = int8Columns(dim);
            double largestGroup = 0;
            for (int g = 0; g < dim; g += INT8_GROUP) {
                double l1 = 0;
                for (int d = g; d < Math.min(dim, g + INT8_GROUP); d++) {
                    l1 += Math.abs(query[d]);
                }
                largestGroup = Math.max(largestGroup, l1);
            }
            // rounding adds at most ½ per value: a group's ‖Q‖₁ ≤ ‖q‖₁ / step + 4 ≤ INT8_GROUP_L1
            float s = (float) (largestGroup / (INT8_GROUP_L1 - INT8_GROUP / 2.0));
            this.step = Float.isFinite(s) && s > 0 ? Math.nextUp(s) : 0f;
            this.expanded = new short[columns * block]; // the padding columns' Q stay 0
            double residual2 = 0;
            for (int d = 0; d < dim; d++) {
                int code = step > 0 ? Math.round(query[d] / step) : 0;
                double left = (double) query[d] - (double) step * code;
                residual2 += left * left;
                java.util.Arrays.fill(expanded, d * block, (d + 1) * block, (short) code);
            }
            for (int g = 0; g < dim; g += INT8_GROUP) {
                int l1 = 0;
                for (int d = g; d < Math.min(dim, g + INT8_GROUP); d++) {
                    l1 += Math.abs(expanded[d * block]);
                }
                if (l1 > INT8_GROUP_L1) {
                    throw new IllegalStateException("query group " + g + " quantised to ‖Q‖₁ " + l1);
                }
            }
            double norm = Math.sqrt(residual2);
            float rounded = (float) norm;
            this.residual = rounded < norm ? Math.nextUp(rounded) : rounded;
        }

        private Int8Query(Int8Query quantised, TopKBulk heap) {
            this.query = quantised.query;
            this.expanded = quantised.expanded;
            this.step = quantised.step;
            this.residual = quantised.residual;
            this.qLast = quantised.qLast;
            this.slack = quantised.slack;
            this.rowScale = quantised.rowScale;
            this.heap = heap;
            this.skip = quantised.skip;
        }

        /**
         * This query, quantised once, with its bounds going to {@code heap} (one per part of a split scan, or
         * one per query of a shared pass).
         */
        public Int8Query into(TopKBulk heap) {
            return new Int8Query(this, heap);
        }

        public TopKBulk heap() {
            return heap;
        }

        /** The factors as given (padded to the codes' dimension). */
        public float[] query() {
            return query;
        }
    }

    /**
     * The int8 pass for several queries over the same codes at once, rows {@code from..to-1}: what
     * {@link #topKInt8(byte[], float[], float[], int, int, int, Int8Query)} does for each, with every block
     * column read and widened once for up to four of them. Each query gets the same bounds as from a pass of
     * its own (the sums are exact integers).
     */
    public static void topKInt8(byte[] codes, float[] codeNorms, float[] last, int from, int to, int dim,
                                Int8Query[] queries, int n) {
        requireBlockStart(from);
        for (int i = 0; i < n; ) {
            int group = Math.min(4, n - i);
            if (group == 1 || !SIMD || SimdKernels.CODES == null) {
                topKInt8(codes, codeNorms, last, from, to, dim, queries[i++]);
            } else {
                SimdKernels.topKInt8(codes, codeNorms, last, from, to, dim, queries, i, group);
                i += group;
            }
        }
    }

    private static void requireBlockStart(int from) {
        if (from % int8BlockRows() != 0) {
            throw new IllegalArgumentException("from must start a block of " + int8BlockRows() + " rows, got " + from);
        }
    }

    /** Rows to leave out of a top-K scan. */
    @FunctionalInterface
    public interface RowFilter {
        RowFilter NONE = row -> false;

        boolean skip(int row);
    }
}
