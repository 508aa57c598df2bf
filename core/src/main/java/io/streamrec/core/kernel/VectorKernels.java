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
     * Rows per block of the int8 layout of {@link #topKInt8}: the float lanes of one SIMD register (8
     * without the Vector API).
     */
    public static int int8BlockRows() {
        return SIMD && SimdKernels.CODES != null ? SimdKernels.LANES : 8;
    }

    /**
     * Upper bounds of row scores from int8 codes, the k best kept in {@code heap}: the first, cheap pass
     * of {@link io.streamrec.core.vector.QuantizedRows}. Layout: blocks of {@link #int8BlockRows()} rows,
     * column-major inside a block ({@code codes[(block · dim + d) · blockRows + lane]}), so one load
     * reads one column of a whole block. A row's bound is
     * {@code rowScale[row] · (Σ codes · q + slack) + last[row] · qLast}; with {@code slack} at least the
     * quantisation error of the dot product (in code units) and a non-negative {@code rowScale}, the
     * bound is never below the row's exact score. A quarter of the bytes of a float scan, and no
     * horizontal sum per row.
     */
    public static void topKInt8(byte[] codes, float[] rowScale, float[] last, float qLast, int rows, int dim,
                                float[] query, float slack, TopK heap, RowFilter skip) {
        topKInt8(codes, rowScale, last, qLast, 0, rows, dim, query, slack, heap, skip);
    }

    /**
     * {@link #topKInt8(byte[], float[], float[], float, int, int, float[], float, TopK, RowFilter)} over rows
     * {@code from..to-1} only; {@code from} is a multiple of {@link #int8BlockRows()} (a part of a split scan).
     */
    public static void topKInt8(byte[] codes, float[] rowScale, float[] last, float qLast, int from, int to, int dim,
                                float[] query, float slack, TopK heap, RowFilter skip) {
        requireBlockStart(from);
        if (SIMD && SimdKernels.CODES != null) {
            SimdKernels.topKInt8(codes, rowScale, last, qLast, from, to, dim, query, slack, heap, skip);
        } else {
            ScalarKernels.topKInt8(codes, rowScale, last, qLast, from, to, dim, query, slack, int8BlockRows(), heap,
                    skip);
        }
    }

    /**
     * One query of an int8 pass ({@link #topKInt8}): its factors (padded to the codes' dimension), its last
     * slot's value, its slack, the per-row scale of its bounds, the heap its bounds go to and the rows it
     * leaves out.
     */
    public static final class Int8Query {
        final float[] query;
        final float qLast;
        final float slack;
        final float[] rowScale;
        final TopK heap;
        final RowFilter skip;

        public Int8Query(float[] query, float qLast, float slack, float[] rowScale, TopK heap, RowFilter skip) {
            this.query = query;
            this.qLast = qLast;
            this.slack = slack;
            this.rowScale = rowScale;
            this.heap = heap;
            this.skip = skip;
        }

        public TopK heap() {
            return heap;
        }

        /** The factors as given (padded to the codes' dimension). */
        public float[] query() {
            return query;
        }
    }

    /**
     * The int8 pass for several queries over the same codes at once, rows {@code from..to-1}: what
     * {@link #topKInt8(byte[], float[], float[], float, int, int, int, float[], float, TopK, RowFilter)} does
     * for each, with every block column read and widened once for up to four of them (the widening costs more
     * than the multiply-adds). Each query's bounds are upper bounds of its exact scores as there; they may
     * differ from a pass of its own in the last bits (another order of the float sums), within the slack's
     * margin for rounding.
     */
    public static void topKInt8(byte[] codes, float[] last, int from, int to, int dim, Int8Query[] queries, int n) {
        requireBlockStart(from);
        for (int i = 0; i < n; ) {
            int group = Math.min(4, n - i);
            if (group == 1 || !SIMD || SimdKernels.CODES == null) {
                Int8Query q = queries[i++];
                topKInt8(codes, q.rowScale, last, q.qLast, from, to, dim, q.query, q.slack, q.heap, q.skip);
            } else {
                SimdKernels.topKInt8(codes, last, from, to, dim, queries, i, group);
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
