package io.streamrec.core.kernel;

/** Plain loops; the fallback when the Vector API is not enabled. */
final class ScalarKernels {
    private ScalarKernels() {}

    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[aOff + i] * b[bOff + i];
            s1 += a[aOff + i + 1] * b[bOff + i + 1];
            s2 += a[aOff + i + 2] * b[bOff + i + 2];
            s3 += a[aOff + i + 3] * b[bOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[aOff + i] * b[bOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    static void topK(float[] m, int rows, int dim, float[] q, TopK heap, VectorKernels.RowFilter skip) {
        for (int r = 0; r < rows; r++) {
            float s = dot(m, r * dim, q, 0, dim);
            if (s > heap.threshold() && !skip.skip(r)) {
                heap.offer(r, s);
            }
        }
    }

    static void topKScaled(float[] m, int from, int to, int dim, float[] q, float[] scale, TopK heap,
                           VectorKernels.RowFilter skip) {
        for (int r = from; r < to; r++) {
            float s = dot(m, r * dim, q, 0, dim) * scale[r];
            if (s > heap.threshold() && !skip.skip(r)) {
                heap.offer(r, s);
            }
        }
    }

    static void topK(float[] m, int from, int to, int dim, float[] q, float[] last, float qLast, TopK heap,
                     VectorKernels.RowFilter skip) {
        for (int r = from; r < to; r++) {
            float s = dot(m, r * dim, q, 0, dim) + last[r] * qLast;
            if (s > heap.threshold() && !skip.skip(r)) {
                heap.offer(r, s);
            }
        }
    }

    /**
     * The int8 pass of {@link VectorKernels#topKInt8} as plain loops over the same layout
     * ({@link VectorKernels#int8Index}): exact integer sums, then the bounds rounded as {@link SimdKernels}
     * rounds them.
     */
    static void topKInt8(byte[] codes, float[] codeNorms, float[] last, int from, int to, int dim,
                         VectorKernels.Int8Query q, int block) {
        int half = block / 2;
        int[] sums = new int[block];
        short[] qx = q.expanded;
        int columns = VectorKernels.int8Columns(dim);
        int blocks = (to + block - 1) / block;
        for (int b = from / block, base = b * columns * block; b < blocks; b++, base += columns * block) {
            java.util.Arrays.fill(sums, 0);
            for (int d = 0, off = base; d < columns; d++, off += block) {
                int qd = qx[d * block];
                for (int lane = 0; lane < block; lane++) {
                    sums[lane] += codes[off + lane] * qd;
                }
            }
            for (int p = 0; p < block; p++) {
                int row = b * block + p;
                if (row >= to) {
                    break;
                }
                int lane = p < half ? 2 * p : 2 * (p - half) + 1;
                float ub = int8Bound(sums[lane], q, row, codeNorms, last);
                if (ub > q.heap.threshold() && !q.skip.skip(row)) {
                    q.heap.offer(row, ub);
                }
            }
        }
    }

    /** A row's bound from its integer sum, rounded step by step as the SIMD kernel's lanes are. */
    static float int8Bound(int sum, VectorKernels.Int8Query q, int row, float[] codeNorms, float[] last) {
        float ub = ((float) sum * q.step + q.slack + codeNorms[row] * q.residual) * q.rowScale[row];
        return q.qLast != 0f ? ub + last[row] * q.qLast : ub;
    }
}
