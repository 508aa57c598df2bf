package io.streamrec.core.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API versions; only loaded when the incubator module is present. */
final class SimdKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int LANES = S.length();
    /**
     * One block column of int8 codes per load: twice as many bytes as {@link #S} has floats (null where that
     * is no vector shape, and the int8 pass runs the scalar loop).
     */
    static final VectorSpecies<Byte> CODES = LANES == 8 || LANES == 16
            ? VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 16)) : null;
    /** The codes of {@link #CODES} widened to 16 bits, and their products with the quantised query. */
    static final VectorSpecies<Short> PRODUCTS = CODES == null ? null
            : VectorSpecies.of(short.class, VectorShape.forBitSize(LANES * 32));
    /** 32-bit sums of {@link #LANES} rows, in the shape of {@link #S}. */
    static final VectorSpecies<Integer> SUMS = VectorSpecies.of(int.class, S.vectorShape());

    private SimdKernels() {}

    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += LANES) {
            acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(S, x, xOff + i).fma(va, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    static void topK(float[] m, int rows, int dim, float[] q, TopK heap, VectorKernels.RowFilter skip) {
        for (int r = 0, off = 0; r < rows; r++, off += dim) {
            float s = dot(m, off, q, 0, dim);
            if (s > heap.threshold() && !skip.skip(r)) {
                heap.offer(r, s);
            }
        }
    }

    static void topKScaled(float[] m, int from, int to, int dim, float[] q, float[] scale, TopK heap,
                           VectorKernels.RowFilter skip) {
        for (int r = from, off = from * dim; r < to; r++, off += dim) {
            float s = dot(m, off, q, 0, dim) * scale[r];
            if (s > heap.threshold() && !skip.skip(r)) {
                heap.offer(r, s);
            }
        }
    }

    static void topK(float[] m, int from, int to, int dim, float[] q, float[] last, float qLast, TopK heap,
                     VectorKernels.RowFilter skip) {
        for (int r = from, off = from * dim; r < to; r++, off += dim) {
            float s = dot(m, off, q, 0, dim) + last[r] * qLast;
            if (s > heap.threshold() && !skip.skip(r)) {
                heap.offer(r, s);
            }
        }
    }

    /**
     * The int8 block scan (layout in {@link VectorKernels#int8Index}, bounds as in
     * {@link VectorKernels#topKInt8}). Per block, a column of {@code 2 · LANES} codes is widened to 16 bits and
     * multiplied by its quantised query value, eight columns ({@link VectorKernels#INT8_GROUP}) summed in those
     * 16-bit lanes (no overflow, by the query's scaling), and each such sum split by two shifts into two
     * registers of row-ordered 32-bit sums: one 16-bit multiply and add per code, nothing converted to float
     * until the block's bounds (on Zen 1 the conversion of every code to float had bound the old pass). A block
     * is looked at lane by lane only when one of its bounds beats the heap's threshold.
     */
    static void topKInt8(byte[] codes, float[] codeNorms, float[] last, int from, int to, int dim,
                         VectorKernels.Int8Query q) {
        int block = 2 * LANES;
        int columns = VectorKernels.int8Columns(dim);
        short[] qx = q.expanded;
        int[] sums = new int[block];
        float[] bounds = new float[LANES];
        float threshold = q.heap.threshold(); // only offers change it
        int blocks = (to + block - 1) / block;
        for (int b = from / block, base = b * columns * block; b < blocks; b++, base += columns * block) {
            IntVector low = IntVector.zero(SUMS);
            IntVector high = IntVector.zero(SUMS);
            for (int d = 0, off = base; d < columns; d += 8, off += 8 * block) {
                // a tree of adds, so the multiplies do not wait on one another
                int qOff = d * block;
                ShortVector s0 = product(codes, off, qx, qOff).add(product(codes, off + block, qx, qOff + block));
                ShortVector s1 = product(codes, off + 2 * block, qx, qOff + 2 * block)
                        .add(product(codes, off + 3 * block, qx, qOff + 3 * block));
                ShortVector s2 = product(codes, off + 4 * block, qx, qOff + 4 * block)
                        .add(product(codes, off + 5 * block, qx, qOff + 5 * block));
                ShortVector s3 = product(codes, off + 6 * block, qx, qOff + 6 * block)
                        .add(product(codes, off + 7 * block, qx, qOff + 7 * block));
                IntVector pairs = s0.add(s1).add(s2.add(s3)).reinterpretAsInts();
                low = low.add(pairs.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
                high = high.add(pairs.lanewise(VectorOperators.ASHR, 16));
            }
            low.intoArray(sums, 0);
            high.intoArray(sums, LANES);
            threshold = offerBlock(sums, q, b * block, to, codeNorms, last, bounds, threshold);
        }
    }

    private static ShortVector product(byte[] codes, int off, short[] qx, int qOff) {
        return column(codes, off).mul(ShortVector.fromArray(PRODUCTS, qx, qOff));
    }

    /**
     * {@link #topKInt8} for two to four queries in one pass: each block column is read and widened once and
     * multiplied into every query's sums. Three queries: the fourth slot repeats the third, and its bounds are
     * not looked at. (No sum is updated under a condition: on JDK 17 the JIT kept such vectors as heap objects,
     * allocating in the pass's inner loop.)
     */
    static void topKInt8(byte[] codes, float[] codeNorms, float[] last, int from, int to, int dim,
                         VectorKernels.Int8Query[] qs, int at, int n) {
        if (n == 2) {
            topKInt8x2(codes, codeNorms, last, from, to, dim, qs[at], qs[at + 1]);
        } else {
            topKInt8x4(codes, codeNorms, last, from, to, dim, qs[at], qs[at + 1], qs[at + 2], n == 4 ? qs[at + 3] : null);
        }
    }

    private static void topKInt8x4(byte[] codes, float[] codeNorms, float[] last, int from, int to, int dim,
                                   VectorKernels.Int8Query a, VectorKernels.Int8Query b, VectorKernels.Int8Query c,
                                   VectorKernels.Int8Query d) {
        short[] q0 = a.expanded;
        short[] q1 = b.expanded;
        short[] q2 = c.expanded;
        short[] q3 = d == null ? c.expanded : d.expanded;
        int block = 2 * LANES;
        int columns = VectorKernels.int8Columns(dim);
        int[] sums = new int[block];
        float[] bounds = new float[LANES];
        float t0 = a.heap.threshold();
        float t1 = b.heap.threshold();
        float t2 = c.heap.threshold();
        float t3 = d == null ? 0f : d.heap.threshold();
        int blocks = (to + block - 1) / block;
        for (int blk = from / block, base = blk * columns * block; blk < blocks; blk++, base += columns * block) {
            IntVector low0 = IntVector.zero(SUMS);
            IntVector high0 = low0;
            IntVector low1 = low0;
            IntVector high1 = low0;
            IntVector low2 = low0;
            IntVector high2 = low0;
            IntVector low3 = low0;
            IntVector high3 = low0;
            for (int g = 0, off = base; g < columns; g += VectorKernels.INT8_GROUP) {
                ShortVector s0 = ShortVector.zero(PRODUCTS);
                ShortVector s1 = s0;
                ShortVector s2 = s0;
                ShortVector s3 = s0;
                for (int k = g; k < g + VectorKernels.INT8_GROUP; k++, off += block) {
                    ShortVector col = column(codes, off);
                    s0 = s0.add(col.mul(ShortVector.fromArray(PRODUCTS, q0, k * block)));
                    s1 = s1.add(col.mul(ShortVector.fromArray(PRODUCTS, q1, k * block)));
                    s2 = s2.add(col.mul(ShortVector.fromArray(PRODUCTS, q2, k * block)));
                    s3 = s3.add(col.mul(ShortVector.fromArray(PRODUCTS, q3, k * block)));
                }
                IntVector p0 = s0.reinterpretAsInts();
                IntVector p1 = s1.reinterpretAsInts();
                IntVector p2 = s2.reinterpretAsInts();
                IntVector p3 = s3.reinterpretAsInts();
                low0 = low0.add(p0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
                high0 = high0.add(p0.lanewise(VectorOperators.ASHR, 16));
                low1 = low1.add(p1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
                high1 = high1.add(p1.lanewise(VectorOperators.ASHR, 16));
                low2 = low2.add(p2.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
                high2 = high2.add(p2.lanewise(VectorOperators.ASHR, 16));
                low3 = low3.add(p3.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
                high3 = high3.add(p3.lanewise(VectorOperators.ASHR, 16));
            }
            int row = blk * block;
            low0.intoArray(sums, 0);
            high0.intoArray(sums, LANES);
            t0 = offerBlock(sums, a, row, to, codeNorms, last, bounds, t0);
            low1.intoArray(sums, 0);
            high1.intoArray(sums, LANES);
            t1 = offerBlock(sums, b, row, to, codeNorms, last, bounds, t1);
            low2.intoArray(sums, 0);
            high2.intoArray(sums, LANES);
            t2 = offerBlock(sums, c, row, to, codeNorms, last, bounds, t2);
            if (d != null) {
                low3.intoArray(sums, 0);
                high3.intoArray(sums, LANES);
                t3 = offerBlock(sums, d, row, to, codeNorms, last, bounds, t3);
            }
        }
    }

    private static void topKInt8x2(byte[] codes, float[] codeNorms, float[] last, int from, int to, int dim,
                                   VectorKernels.Int8Query a, VectorKernels.Int8Query b) {
        short[] q0 = a.expanded;
        short[] q1 = b.expanded;
        int block = 2 * LANES;
        int columns = VectorKernels.int8Columns(dim);
        int[] sums = new int[block];
        float[] bounds = new float[LANES];
        float t0 = a.heap.threshold();
        float t1 = b.heap.threshold();
        int blocks = (to + block - 1) / block;
        for (int blk = from / block, base = blk * columns * block; blk < blocks; blk++, base += columns * block) {
            IntVector low0 = IntVector.zero(SUMS);
            IntVector high0 = low0;
            IntVector low1 = low0;
            IntVector high1 = low0;
            for (int g = 0, off = base; g < columns; g += VectorKernels.INT8_GROUP) {
                ShortVector s0 = ShortVector.zero(PRODUCTS);
                ShortVector s1 = s0;
                for (int k = g; k < g + VectorKernels.INT8_GROUP; k++, off += block) {
                    ShortVector col = column(codes, off);
                    s0 = s0.add(col.mul(ShortVector.fromArray(PRODUCTS, q0, k * block)));
                    s1 = s1.add(col.mul(ShortVector.fromArray(PRODUCTS, q1, k * block)));
                }
                IntVector p0 = s0.reinterpretAsInts();
                IntVector p1 = s1.reinterpretAsInts();
                low0 = low0.add(p0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
                high0 = high0.add(p0.lanewise(VectorOperators.ASHR, 16));
                low1 = low1.add(p1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
                high1 = high1.add(p1.lanewise(VectorOperators.ASHR, 16));
            }
            int row = blk * block;
            low0.intoArray(sums, 0);
            high0.intoArray(sums, LANES);
            t0 = offerBlock(sums, a, row, to, codeNorms, last, bounds, t0);
            low1.intoArray(sums, 0);
            high1.intoArray(sums, LANES);
            t1 = offerBlock(sums, b, row, to, codeNorms, last, bounds, t1);
        }
    }

    /**
     * A block's exact integer sums ({@code sums}: its first {@link #LANES} rows from {@code row} on, then the
     * next) turned into upper bounds ({@code (sums · step + slack + codeNorms · residual) · rowScale + last ·
     * qLast}, in the order {@link ScalarKernels#int8Bound} rounds them, so both give the same bits) and offered
     * to the query's heap where they beat it. The sums come through an array, not as vectors: when the JIT
     * ran out of inlining budget for this method, vector arguments were passed as heap objects, allocating
     * per block. The lanes are read from an array, not from the mask: on JDK 17
     * {@code VectorMask.toLong} is not an intrinsic, so it made every such block allocate the mask as a
     * {@code boolean[]}.
     */
    private static float offerBlock(int[] sums, VectorKernels.Int8Query q, int row, int to, float[] codeNorms,
                                    float[] last, float[] bounds, float threshold) {
        for (int half = 0; half < 2; half++, row += LANES) {
            FloatVector ub = ((FloatVector) IntVector.fromArray(SUMS, sums, half * LANES)
                    .convert(VectorOperators.I2F, 0)).mul(q.step).add(q.slack)
                    .add(FloatVector.fromArray(S, codeNorms, row).mul(q.residual))
                    .mul(FloatVector.fromArray(S, q.rowScale, row));
            if (q.qLast != 0f) {
                ub = ub.add(FloatVector.fromArray(S, last, row).mul(q.qLast));
            }
            if (ub.compare(VectorOperators.GT, threshold).anyTrue()) {
                ub.intoArray(bounds, 0);
                threshold = q.heap.offerAll(bounds, row, Math.min(LANES, to - row), q.skip);
            }
        }
        return threshold;
    }

    /** One block column of codes (a row's code in each 16-bit lane): a load the JIT fuses into the widening. */
    private static ShortVector column(byte[] codes, int off) {
        return (ShortVector) ByteVector.fromArray(CODES, codes, off).convertShape(VectorOperators.B2S, PRODUCTS, 0);
    }
}
