package io.streamrec.core.model;

import io.streamrec.core.kernel.VectorKernels;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Implicit-feedback ALS (Hu, Koren and Volinsky 2008) with the conjugate-gradient inner solver of
 * Takács, Pilászy and Tikk (2011): each half-iteration solves
 * {@code (YᵀY + Yᵀ(C_u − I)Y + λI) x_u = YᵀC_u p_u} for every user (then every item) with a few CG
 * steps started from the current factors, so it warm-starts for free. Plain Java on float arrays;
 * the batch side of streamrec (nightly baseline, warm start of the streaming model).
 *
 * <p>The interactions are a sparse matrix in CSR form for users and for items: for row r,
 * {@code cols[ptr[r] .. ptr[r+1])} are the columns and {@code conf} the confidences c ≥ 1 (the
 * preference p is 1 for every stored entry).
 */
public final class ImplicitAls {
    /** One side of the sparse matrix in CSR form. */
    public record Csr(int rows, int[] ptr, int[] cols, float[] conf) {
        /** The same matrix by column: row {@code c} of the result lists the rows with an entry in column {@code c}. */
        public Csr transpose(int columns) {
            int nnz = ptr[rows];
            int[] tptr = new int[columns + 1];
            for (int j = 0; j < nnz; j++) {
                tptr[cols[j] + 1]++;
            }
            for (int c = 0; c < columns; c++) {
                tptr[c + 1] += tptr[c];
            }
            int[] fill = tptr.clone();
            int[] tcols = new int[nnz];
            float[] tconf = new float[nnz];
            for (int r = 0; r < rows; r++) {
                for (int j = ptr[r]; j < ptr[r + 1]; j++) {
                    int pos = fill[cols[j]]++;
                    tcols[pos] = r;
                    tconf[pos] = conf[j];
                }
            }
            return new Csr(columns, tptr, tcols, tconf);
        }
    }

    private final int d;
    private final float lambda;
    private final int cgSteps;

    public ImplicitAls(int dim, float lambda, int cgSteps) {
        this.d = dim;
        this.lambda = lambda;
        this.cgSteps = cgSteps;
    }

    /** Random start, row-major {@code rows × d}. */
    public static float[] init(int rows, int d, long seed, float std) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[rows * d];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (FactorInit.gaussian(r) * std);
        }
        return f;
    }

    /** One full iteration: users against items, then items against users. */
    public void iterate(Csr byUser, Csr byItem, float[] x, float[] y) {
        solveSide(byUser, x, y, byItem.rows());
        solveSide(byItem, y, x, byUser.rows());
    }

    /** Updates every row of {@code x} given the fixed other side {@code y} ({@code yRows × d}). */
    void solveSide(Csr m, float[] x, float[] y, int yRows) {
        double[] gram = gram(y, yRows);
        float[] r = new float[d];
        float[] p = new float[d];
        float[] ap = new float[d];
        float[] xu = new float[d];
        for (int u = 0; u < m.rows(); u++) {
            int from = m.ptr()[u], to = m.ptr()[u + 1];
            if (from == to) {
                continue;
            }
            System.arraycopy(x, u * d, xu, 0, d);
            // r = b − A x ; b = Σ c_i y_i ; A x = YᵀY x + Σ (c_i − 1)(y_i·x) y_i + λx
            multiply(gram, xu, ap);
            for (int j = 0; j < d; j++) {
                r[j] = -ap[j] - lambda * xu[j];
            }
            for (int k = from; k < to; k++) {
                int i = m.cols()[k];
                float c = m.conf()[k];
                float yx = VectorKernels.dot(y, i * d, xu, 0, d);
                VectorKernels.axpy(c - (c - 1) * yx, y, i * d, r, 0, d);
            }
            System.arraycopy(r, 0, p, 0, d);
            float rsOld = VectorKernels.dot(r, r);
            for (int step = 0; step < cgSteps && rsOld > 1e-20f; step++) {
                multiply(gram, p, ap);
                for (int j = 0; j < d; j++) {
                    ap[j] += lambda * p[j];
                }
                for (int k = from; k < to; k++) {
                    int i = m.cols()[k];
                    float c = m.conf()[k];
                    VectorKernels.axpy((c - 1) * VectorKernels.dot(y, i * d, p, 0, d), y, i * d, ap, 0, d);
                }
                float alpha = rsOld / VectorKernels.dot(p, ap);
                VectorKernels.axpy(alpha, p, 0, xu, 0, d);
                VectorKernels.axpy(-alpha, ap, 0, r, 0, d);
                float rsNew = VectorKernels.dot(r, r);
                float beta = rsNew / rsOld;
                for (int j = 0; j < d; j++) {
                    p[j] = r[j] + beta * p[j];
                }
                rsOld = rsNew;
            }
            System.arraycopy(xu, 0, x, u * d, d);
        }
    }

    private double[] gram(float[] y, int rows) {
        double[] g = new double[d * d];
        for (int i = 0; i < rows; i++) {
            int off = i * d;
            for (int a = 0; a < d; a++) {
                double ya = y[off + a];
                if (ya == 0) {
                    continue;
                }
                for (int b = 0; b <= a; b++) {
                    g[a * d + b] += ya * y[off + b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                g[b * d + a] = g[a * d + b];
            }
        }
        return g;
    }

    private void multiply(double[] g, float[] v, float[] out) {
        for (int a = 0; a < d; a++) {
            double s = 0;
            for (int b = 0; b < d; b++) {
                s += g[a * d + b] * v[b];
            }
            out[a] = (float) s;
        }
    }

    /** The implicit-ALS objective Σ c (p − x·y)² over all cells + λ(‖X‖² + ‖Y‖²), for tests (small data only). */
    public double loss(Csr byUser, float[] x, float[] y, int itemRows) {
        double l = 0;
        for (int u = 0; u < byUser.rows(); u++) {
            float[] conf = new float[itemRows];
            Arrays.fill(conf, 0);
            for (int k = byUser.ptr()[u]; k < byUser.ptr()[u + 1]; k++) {
                conf[byUser.cols()[k]] = byUser.conf()[k];
            }
            for (int i = 0; i < itemRows; i++) {
                double s = VectorKernels.dot(x, u * d, y, i * d, d);
                double p = conf[i] > 0 ? 1 : 0;
                double c = conf[i] > 0 ? conf[i] : 1;
                l += c * (p - s) * (p - s);
            }
        }
        for (float f : x) l += lambda * f * f;
        for (float f : y) l += lambda * f * f;
        return l;
    }
}
