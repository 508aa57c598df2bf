package io.streamrec.core.model;

/**
 * Places a user from the items they touched: the ridge-regression solution of
 * {@code min Σ w_k (t − u·v_k − b_k)² + λ‖u‖²} over the item vectors {@code v_k} (width d+1, bias
 * last), with target logit {@code t}. Used for a user's first events, so that the very first event
 * already yields personal recommendations (items close to what was touched). Cholesky on a d×d system.
 */
public final class FoldIn {
    public static final double TARGET = 3.0;
    public static final double RIDGE = 0.1;

    private FoldIn() {}

    /** Returns a user vector of width d+1 (last = 1), or null when the system is not solvable. */
    public static float[] solve(float[][] items, float[] weights, int n, int d, double lambda) {
        double[] a = new double[d * d];
        double[] rhs = new double[d];
        for (int k = 0; k < n; k++) {
            float[] v = items[k];
            double w = weights[k];
            double t = w * (TARGET - v[d]);
            for (int i = 0; i < d; i++) {
                rhs[i] += t * v[i];
                double wi = w * v[i];
                for (int j = 0; j <= i; j++) {
                    a[i * d + j] += wi * v[j];
                }
            }
        }
        double ridge = RIDGE + lambda;
        for (int i = 0; i < d; i++) {
            a[i * d + i] += ridge;
        }
        // Cholesky: A = L Lᵀ, lower triangle in place
        for (int j = 0; j < d; j++) {
            double s = a[j * d + j];
            for (int k = 0; k < j; k++) {
                s -= a[j * d + k] * a[j * d + k];
            }
            if (!(s > 0)) {
                return null;
            }
            double l = Math.sqrt(s);
            a[j * d + j] = l;
            for (int i = j + 1; i < d; i++) {
                double t = a[i * d + j];
                for (int k = 0; k < j; k++) {
                    t -= a[i * d + k] * a[j * d + k];
                }
                a[i * d + j] = t / l;
            }
        }
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            double t = rhs[i];
            for (int k = 0; k < i; k++) {
                t -= a[i * d + k] * y[k];
            }
            y[i] = t / a[i * d + i];
        }
        float[] u = new float[d + 1];
        for (int i = d - 1; i >= 0; i--) {
            double t = y[i];
            for (int k = i + 1; k < d; k++) {
                t -= a[k * d + i] * u[k];
            }
            u[i] = (float) (t / a[i * d + i]);
        }
        u[d] = 1;
        for (float f : u) {
            if (!Float.isFinite(f)) {
                return null;
            }
        }
        return u;
    }
}
