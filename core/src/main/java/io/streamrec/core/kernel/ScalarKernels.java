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

    static void topKInt8(byte[] codes, float[] rowScale, float[] last, float qLast, int from, int to, int dim,
                         float[] q, float slack, int lanes, TopK heap, VectorKernels.RowFilter skip) {
        float[] acc = new float[lanes];
        int blocks = (to + lanes - 1) / lanes;
        for (int b = from / lanes, base = b * dim * lanes; b < blocks; b++, base += dim * lanes) {
            java.util.Arrays.fill(acc, 0f);
            for (int d = 0, off = base; d < dim; d++, off += lanes) {
                float qd = q[d];
                for (int lane = 0; lane < lanes; lane++) {
                    acc[lane] += codes[off + lane] * qd;
                }
            }
            for (int lane = 0; lane < lanes; lane++) {
                int row = b * lanes + lane;
                if (row >= to) {
                    break;
                }
                float ub = (acc[lane] + slack) * rowScale[row];
                if (qLast != 0f) {
                    ub += last[row] * qLast;
                }
                if (ub > heap.threshold() && !skip.skip(row)) {
                    heap.offer(row, ub);
                }
            }
        }
    }
}
