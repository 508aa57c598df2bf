package io.streamrec.core.model;

import io.streamrec.core.kernel.VectorKernels;

/**
 * One online SGD step of implicit matrix factorisation, split between the owner of the user vector
 * and the owners of the item vectors (they live in different keyed operators).
 *
 * <p>Vectors have width d+1: a user vector ends with a constant 1 and an item vector with its bias,
 * so the score of (u, i) is one dot product {@code s = u·v_i}.
 *
 * <ul>
 *   <li>{@link #userStep} runs at the user's owner with the latest known item vectors of the event's
 *       item and the sampled negatives. It returns, per item, the coefficient {@code c_k = ∂L/∂s_k}
 *       and updates the user vector.</li>
 *   <li>{@link #itemStep} runs at each item's owner with that coefficient and the user vector as the
 *       user step saw it: {@code ∂L/∂v_k = c_k·u + λ·v_k}.</li>
 * </ul>
 * Run back to back on one machine the two halves are exactly one SGD step on the full gradient (the
 * gradient check tests this). Steps use a per-vector AdaGrad rate (one accumulator per vector,
 * starting at 1), gradient-norm clipping, factor-norm clipping, and never write a non-finite value:
 * such an update is dropped and reported by a NaN return.
 *
 * <p>Not thread-safe (scratch buffers); one instance per operator instance.
 */
public final class MfModel {
    private final MfConfig c;
    private final int d;
    private final float[] grad;
    private final float[] next;

    public MfModel(MfConfig config) {
        this.c = config;
        this.d = config.dim();
        this.grad = new float[d + 1];
        this.next = new float[d + 1];
    }

    public MfConfig config() {
        return c;
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    static double softplus(double x) {
        return x > 30 ? x : x < -30 ? Math.exp(x) : Math.log1p(Math.exp(x));
    }

    /**
     * Coefficients {@code ∂L/∂s_k} and the loss of one event. {@code targets[0]} is the event's item,
     * {@code targets[1..n)} sampled negatives. {@code weight > 0}: a positive event of that
     * confidence; {@code weight < 0}: an explicit negative (remove from cart, low rating …) of
     * confidence {@code |weight|}, for which negatives are not used.
     */
    public double coefficients(float[] u, float[][] targets, int n, float weight, float[] coef) {
        double loss = 0;
        if (weight < 0 || n == 1 || c.loss() == Loss.POINTWISE) {
            float w0 = Math.abs(weight);
            double y0 = weight > 0 ? 1 : 0;
            double s0 = VectorKernels.dot(u, 0, targets[0], 0, d + 1);
            coef[0] = (float) (w0 * (sigmoid(s0) - y0));
            loss += w0 * (softplus(s0) - y0 * s0);
            int m = weight > 0 ? n : 1;
            for (int k = 1; k < m; k++) {
                double s = VectorKernels.dot(u, 0, targets[k], 0, d + 1);
                coef[k] = (float) (c.negativeWeight() * sigmoid(s));
                loss += c.negativeWeight() * softplus(s);
            }
            for (int k = m; k < n; k++) {
                coef[k] = 0;
            }
        } else {
            double s0 = VectorKernels.dot(u, 0, targets[0], 0, d + 1);
            coef[0] = 0;
            for (int k = 1; k < n; k++) {
                double x = s0 - VectorKernels.dot(u, 0, targets[k], 0, d + 1);
                float g = (float) (weight * (sigmoid(x) - 1));
                coef[0] += g;
                coef[k] = -g;
                loss += weight * softplus(-x);
            }
        }
        return loss;
    }

    /** The regularised loss of one event (for tests and monitoring). */
    public double loss(float[] u, float[][] targets, int n, float weight) {
        double l = coefficients(u, targets, n, weight, new float[n]);
        double reg = VectorKernels.dot(u, 0, u, 0, d);
        for (int k = 0; k < n; k++) {
            reg += VectorKernels.dot(targets[k], 0, targets[k], 0, d);
        }
        return l + 0.5 * c.l2() * reg;
    }

    /**
     * User half of the step: fills {@code coef} (the messages to the item owners) and updates
     * {@code u} in place (AdaGrad accumulator in {@code acc[0]}). Returns the loss, or NaN when the
     * update would have produced a non-finite value (then nothing changed).
     */
    public double userStep(float[] u, float[] acc, float[][] targets, int n, float weight, float[] coef) {
        double loss = coefficients(u, targets, n, weight, coef);
        if (!Double.isFinite(loss)) {
            return Double.NaN;
        }
        for (int j = 0; j < d; j++) {
            grad[j] = c.l2() * u[j];
        }
        grad[d] = 0; // the constant 1 of the user vector does not learn
        for (int k = 0; k < n; k++) {
            if (coef[k] != 0) {
                VectorKernels.axpy(coef[k], targets[k], 0, grad, 0, d);
            }
        }
        return apply(u, acc, d) ? loss : Double.NaN;
    }

    /**
     * Item half of the step for one item: {@code ∂L/∂v = coef·u + λ·v} (no L2 on the bias).
     * Returns false when the update was dropped as non-finite.
     */
    public boolean itemStep(float[] v, float[] acc, float coef, float[] u) {
        for (int j = 0; j < d; j++) {
            grad[j] = coef * u[j] + c.l2() * v[j];
        }
        grad[d] = coef * u[d];
        return apply(v, acc, d + 1);
    }

    /** AdaGrad step with clipping on the first {@code n} components of {@code grad}. */
    private boolean apply(float[] x, float[] acc, int n) {
        double g2 = 0;
        for (int j = 0; j < n; j++) {
            g2 += (double) grad[j] * grad[j];
        }
        if (!Double.isFinite(g2)) {
            return false;
        }
        double gn = Math.sqrt(g2);
        double clip = gn > c.maxGradNorm() ? c.maxGradNorm() / gn : 1;
        double newAcc = acc[0] + g2 * clip * clip;
        float rate = (float) (c.learningRate() * clip / Math.sqrt(newAcc));
        System.arraycopy(x, 0, next, 0, x.length);
        for (int j = 0; j < n; j++) {
            next[j] -= rate * grad[j];
        }
        float norm = VectorKernels.norm(next, 0, d);
        if (norm > c.maxNorm()) {
            VectorKernels.scale(next, 0, d, c.maxNorm() / norm);
        }
        if (!VectorKernels.allFinite(next) || !Double.isFinite(newAcc)) {
            return false;
        }
        System.arraycopy(next, 0, x, 0, x.length);
        acc[0] = (float) newAcc;
        return true;
    }

    /** A new user vector: zeros and the constant 1. */
    public float[] newUser() {
        float[] u = new float[d + 1];
        u[d] = 1;
        return u;
    }
}
