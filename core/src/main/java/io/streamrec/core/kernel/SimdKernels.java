package io.streamrec.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API versions; only loaded when the incubator module is present. */
final class SimdKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int LANES = S.length();

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

    static void topKScaled(float[] m, int rows, int dim, float[] q, float[] scale, TopK heap,
                           VectorKernels.RowFilter skip) {
        for (int r = 0, off = 0; r < rows; r++, off += dim) {
            float s = dot(m, off, q, 0, dim) * scale[r];
            if (s > heap.threshold() && !skip.skip(r)) {
                heap.offer(r, s);
            }
        }
    }

    static void topK(float[] m, int rows, int dim, float[] q, float[] last, float qLast, TopK heap,
                     VectorKernels.RowFilter skip) {
        for (int r = 0, off = 0; r < rows; r++, off += dim) {
            float s = dot(m, off, q, 0, dim) + last[r] * qLast;
            if (s > heap.threshold() && !skip.skip(r)) {
                heap.offer(r, s);
            }
        }
    }
}
