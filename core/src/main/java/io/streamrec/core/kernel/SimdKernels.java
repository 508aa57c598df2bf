package io.streamrec.core.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API versions; only loaded when the incubator module is present. */
final class SimdKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int LANES = S.length();
    /** Bytes with as many lanes as {@link #S} has floats: one block column of int8 codes per load. */
    static final VectorSpecies<Byte> CODES = LANES == 8 || LANES == 16
            ? VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8)) : null;

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
     * The int8 block scan (layout in {@link VectorKernels#topKInt8}): per block, registers of
     * {@link #LANES} row scores accumulated column by column (codes widened to floats, times the query
     * value broadcast; four partial sums, added at the end), so there is no horizontal sum per row; a
     * block is looked at lane by lane only when one of its upper bounds beats the heap's threshold.
     */
    static void topKInt8(byte[] codes, float[] rowScale, float[] last, float qLast, int from, int to, int dim,
                         float[] q, float slack, TopK heap, VectorKernels.RowFilter skip) {
        int lanes = LANES;
        float[] bounds = new float[lanes];
        int blocks = (to + lanes - 1) / lanes;
        for (int b = from / lanes, base = b * dim * lanes; b < blocks; b++, base += dim * lanes) {
            // four independent sums, one per column of an unrolled step: one chain of dependent FMAs would
            // wait out the FMA latency at every column
            FloatVector acc0 = FloatVector.zero(S);
            FloatVector acc1 = FloatVector.zero(S);
            FloatVector acc2 = FloatVector.zero(S);
            FloatVector acc3 = FloatVector.zero(S);
            int d = 0;
            int off = base;
            for (; d + 3 < dim; d += 4, off += 4 * lanes) {
                acc0 = column(codes, off).fma(FloatVector.broadcast(S, q[d]), acc0);
                acc1 = column(codes, off + lanes).fma(FloatVector.broadcast(S, q[d + 1]), acc1);
                acc2 = column(codes, off + 2 * lanes).fma(FloatVector.broadcast(S, q[d + 2]), acc2);
                acc3 = column(codes, off + 3 * lanes).fma(FloatVector.broadcast(S, q[d + 3]), acc3);
            }
            for (; d < dim; d++, off += lanes) {
                acc0 = column(codes, off).fma(FloatVector.broadcast(S, q[d]), acc0);
            }
            offerBlock(acc0.add(acc1).add(acc2.add(acc3)), slack, rowScale, qLast, heap, skip, b, to, last, bounds);
        }
    }

    /**
     * {@link #topKInt8} for two to four queries in one pass: each block column is widened once and multiplied
     * into every query's sums, so the widening, the bound of the int8 pass, is shared. One sum per query for
     * four (four independent FMA chains), two per query for two.
     */
    static void topKInt8(byte[] codes, float[] last, int from, int to, int dim, VectorKernels.Int8Query[] qs, int at,
                         int n) {
        if (n == 2) {
            topKInt8x2(codes, last, from, to, dim, qs[at], qs[at + 1]);
        } else {
            // three: the fourth slot repeats the third query, and its bounds are not looked at
            topKInt8x4(codes, last, from, to, dim, qs[at], qs[at + 1], qs[at + 2], n == 4 ? qs[at + 3] : null);
        }
    }

    private static void topKInt8x4(byte[] codes, float[] last, int from, int to, int dim, VectorKernels.Int8Query a,
                                   VectorKernels.Int8Query b, VectorKernels.Int8Query c, VectorKernels.Int8Query d) {
        int lanes = LANES;
        float[] bounds = new float[lanes];
        float[] q0 = a.query;
        float[] q1 = b.query;
        float[] q2 = c.query;
        float[] q3 = d == null ? c.query : d.query;
        int blocks = (to + lanes - 1) / lanes;
        for (int blk = from / lanes, base = blk * dim * lanes; blk < blocks; blk++, base += dim * lanes) {
            FloatVector acc0 = FloatVector.zero(S);
            FloatVector acc1 = FloatVector.zero(S);
            FloatVector acc2 = FloatVector.zero(S);
            FloatVector acc3 = FloatVector.zero(S);
            for (int k = 0, off = base; k < dim; k++, off += lanes) {
                FloatVector col = column(codes, off);
                acc0 = col.fma(FloatVector.broadcast(S, q0[k]), acc0);
                acc1 = col.fma(FloatVector.broadcast(S, q1[k]), acc1);
                acc2 = col.fma(FloatVector.broadcast(S, q2[k]), acc2);
                acc3 = col.fma(FloatVector.broadcast(S, q3[k]), acc3);
            }
            offerBlock(acc0, a, blk, to, last, bounds);
            offerBlock(acc1, b, blk, to, last, bounds);
            offerBlock(acc2, c, blk, to, last, bounds);
            if (d != null) {
                offerBlock(acc3, d, blk, to, last, bounds);
            }
        }
    }

    private static void topKInt8x2(byte[] codes, float[] last, int from, int to, int dim, VectorKernels.Int8Query a,
                                   VectorKernels.Int8Query b) {
        int lanes = LANES;
        float[] bounds = new float[lanes];
        float[] q0 = a.query;
        float[] q1 = b.query;
        int blocks = (to + lanes - 1) / lanes;
        for (int blk = from / lanes, base = blk * dim * lanes; blk < blocks; blk++, base += dim * lanes) {
            FloatVector acc0 = FloatVector.zero(S);
            FloatVector acc1 = FloatVector.zero(S);
            FloatVector odd0 = FloatVector.zero(S);
            FloatVector odd1 = FloatVector.zero(S);
            int k = 0;
            int off = base;
            for (; k + 1 < dim; k += 2, off += 2 * lanes) {
                FloatVector col = column(codes, off);
                FloatVector next = column(codes, off + lanes);
                acc0 = col.fma(FloatVector.broadcast(S, q0[k]), acc0);
                acc1 = col.fma(FloatVector.broadcast(S, q1[k]), acc1);
                odd0 = next.fma(FloatVector.broadcast(S, q0[k + 1]), odd0);
                odd1 = next.fma(FloatVector.broadcast(S, q1[k + 1]), odd1);
            }
            if (k < dim) {
                FloatVector col = column(codes, off);
                acc0 = col.fma(FloatVector.broadcast(S, q0[k]), acc0);
                acc1 = col.fma(FloatVector.broadcast(S, q1[k]), acc1);
            }
            offerBlock(acc0.add(odd0), a, blk, to, last, bounds);
            offerBlock(acc1.add(odd1), b, blk, to, last, bounds);
        }
    }

    /** {@link #offerBlock(FloatVector, float, float[], float, TopK, VectorKernels.RowFilter, int, int, float[],
     * float[])} for one query of a shared pass. */
    private static void offerBlock(FloatVector acc, VectorKernels.Int8Query q, int blk, int to, float[] last,
                                   float[] bounds) {
        offerBlock(acc, q.slack, q.rowScale, q.qLast, q.heap, q.skip, blk, to, last, bounds);
    }

    /**
     * A block's sums {@code acc} turned into upper bounds ({@code (acc + slack) · rowScale + last · qLast}) and
     * offered to {@code heap} where they beat it. The lanes are read from an array, not from the mask: on JDK 17
     * {@code VectorMask.toLong} is not an intrinsic, so it made every such block allocate the mask as a
     * {@code boolean[]}.
     */
    private static void offerBlock(FloatVector acc, float slack, float[] rowScale, float qLast, TopK heap,
                                   VectorKernels.RowFilter skip, int blk, int to, float[] last, float[] bounds) {
        int lanes = LANES;
        FloatVector ub = acc.add(slack).mul(FloatVector.fromArray(S, rowScale, blk * lanes));
        if (qLast != 0f) {
            ub = FloatVector.fromArray(S, last, blk * lanes).fma(FloatVector.broadcast(S, qLast), ub);
        }
        if (ub.compare(VectorOperators.GT, heap.threshold()).anyTrue()) {
            ub.intoArray(bounds, 0);
            for (int lane = 0, row = blk * lanes; lane < lanes && row < to; lane++, row++) {
                if (bounds[lane] > heap.threshold() && !skip.skip(row)) {
                    heap.offer(row, bounds[lane]);
                }
            }
        }
    }

    /**
     * One block column of codes (a row's code in each lane), widened to floats: a load of {@link #LANES}
     * bytes that the JIT fuses into the sign-extension. (Loading four columns at once and widening each
     * quarter costs an extra shuffle per column: 20% slower once compiled.)
     */
    private static FloatVector column(byte[] codes, int off) {
        return (FloatVector) ByteVector.fromArray(CODES, codes, off).convertShape(VectorOperators.B2F, S, 0);
    }
}
