package io.streamrec.core.warm;

import io.streamrec.core.kernel.VectorKernels;
import io.streamrec.core.model.ImplicitAls;
import io.streamrec.core.model.MfConfig;

/**
 * The factors ALS learned from a {@link History}, and the streaming model's vectors made from them:
 * a user's is {@code [√scale·x_u, 1]} (the constant slot), an item's {@code [√scale·y_i, 0]} (no
 * bias learned yet), each factor part scaled back to the model's {@code maxNorm} as its own steps do.
 */
public final class WarmFactors {
    public final History history;
    public final AlsSettings settings;
    public final float[] x;
    public final float[] y;
    /** Wall time of each iteration, nanoseconds. */
    public final long[] iterationNanos;

    private WarmFactors(History history, AlsSettings settings, float[] x, float[] y, long[] iterationNanos) {
        this.history = history;
        this.settings = settings;
        this.x = x;
        this.y = y;
        this.iterationNanos = iterationNanos;
    }

    /** Trains from the seeded random start with {@code engine}. */
    public static WarmFactors train(History h, AlsSettings s, AlsEngine engine) {
        int d = s.dim();
        float[] x = ImplicitAls.init(h.users.length, d, s.seed(), 0.1f);
        float[] y = ImplicitAls.init(h.items.length, d, s.seed() + 14, 0.1f);
        long[] times = new long[s.iterations()];
        for (int it = 0; it < s.iterations(); it++) {
            long t0 = System.nanoTime();
            engine.iterate(h.byUser, h.byItem, x, y);
            times[it] = System.nanoTime() - t0;
        }
        for (float v : x) {
            if (!Float.isFinite(v)) {
                throw new IllegalStateException("ALS diverged (non-finite user factors); lower --alpha or raise --lambda");
            }
        }
        for (float v : y) {
            if (!Float.isFinite(v)) {
                throw new IllegalStateException("ALS diverged (non-finite item factors); lower --alpha or raise --lambda");
            }
        }
        return new WarmFactors(h, s, x, y, times);
    }

    /** User {@code u}'s vector for the streaming model {@code c} (width d+1). */
    public float[] userVector(int u, MfConfig c) {
        float[] v = scaled(x, u, c);
        v[c.dim()] = 1;
        return v;
    }

    /** Item {@code i}'s target vector for the streaming model {@code c} (width d+1, bias 0). */
    public float[] itemVector(int i, MfConfig c) {
        return scaled(y, i, c);
    }

    private float[] scaled(float[] f, int row, MfConfig c) {
        int d = settings.dim();
        if (c.dim() != d) {
            throw new IllegalArgumentException("the ALS factors have dimension " + d + ", the streaming model (model.mf.dim) "
                    + c.dim());
        }
        float[] v = new float[d + 1];
        float k = (float) Math.sqrt(settings.scale());
        for (int j = 0; j < d; j++) {
            v[j] = k * f[row * d + j];
        }
        float norm = VectorKernels.norm(v, 0, d);
        if (norm > c.maxNorm()) {
            VectorKernels.scale(v, 0, d, c.maxNorm() / norm);
        }
        return v;
    }
}
