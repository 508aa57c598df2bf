package io.streamrec.core.model;

import io.streamrec.core.kernel.VectorKernels;

/**
 * One online SGD step of implicit matrix factorisation with a sequential context, split between the
 * owner of the user vector and the owners of the item vectors (they live in different keyed operators).
 *
 * <p>The score of item i for user u is {@code s = x·p_i}, where {@code p_i} (width d+1, the item
 * bias last) is the item's target vector and {@code x = u + Σ_j w_j q_j} is the user's query: the
 * long-term user vector {@code u} (width d+1, last slot the constant 1) plus the context vectors
 * {@code q_j} (width d) of the user's latest items, weighted by recency ({@code w} sums to 1). This is
 * the factorised-Markov-chain form of FPMC (Rendle et al. 2010) learned online: {@code u} captures
 * taste, the context what the user is doing right now.
 *
 * <ul>
 *   <li>{@link #userStep} runs at the user's owner with the latest known item vectors of the event's
 *       item, the sampled negatives and the context items. It returns, per target item, the
 *       coefficient {@code c_k = ∂L/∂s_k}, the gradient {@code g = Σ c_k p_k} with respect to the query,
 *       and updates the user vector ({@code ∂L/∂u = g + λu}).</li>
 *   <li>{@link #itemStep} runs at each target item's owner with its coefficient and the query the
 *       user step scored with: {@code ∂L/∂p_k = c_k·x + λ·p_k}.</li>
 *   <li>{@link #contextStep} runs at each context item's owner: {@code ∂L/∂q_j = w_j·g + λ·q_j}.</li>
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
    /** Of the latest successful {@link #apply}: how far it moved the vector, and the norm of its first d factors. */
    private float lastMove;
    private float lastNorm;

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

    /** The regularised loss of one event without context (for tests and monitoring). */
    public double loss(float[] u, float[][] targets, int n, float weight) {
        return loss(u, new float[0][], new float[0], 0, targets, n, weight);
    }

    /** The regularised loss of one event scored with {@code x = u + Σ w_j q_j} (for gradient checks). */
    public double loss(float[] u, float[][] context, float[] w, int m, float[][] targets, int n, float weight) {
        float[] x = new float[d + 1];
        query(u, context, w, m, x);
        double l = coefficients(x, targets, n, weight, new float[n]);
        double reg = VectorKernels.dot(u, 0, u, 0, d);
        for (int k = 0; k < n; k++) {
            reg += VectorKernels.dot(targets[k], 0, targets[k], 0, d);
        }
        for (int j = 0; j < m; j++) {
            reg += VectorKernels.dot(context[j], 0, context[j], 0, d);
        }
        return l + 0.5 * c.l2() * reg;
    }

    /**
     * The query {@code x = u + Σ_j w_j q_j} into {@code out} (width d+1, last slot 1), with
     * {@code w} the recency weights of the {@code m} context vectors (see {@link #contextWeights}).
     */
    public void query(float[] u, float[][] context, float[] w, int m, float[] out) {
        System.arraycopy(u, 0, out, 0, d + 1);
        for (int j = 0; j < m; j++) {
            VectorKernels.axpy(w[j], context[j], 0, out, 0, d);
        }
        out[d] = 1;
    }

    /** Weights of {@code m} context items, oldest first: {@code decay^age}, normalised to sum 1. */
    public float[] contextWeights(int m) {
        float[] w = new float[m];
        double sum = 0;
        for (int j = 0; j < m; j++) {
            w[j] = (float) Math.pow(c.contextDecay(), m - 1 - j);
            sum += w[j];
        }
        for (int j = 0; j < m; j++) {
            w[j] /= (float) sum;
        }
        return w;
    }

    /**
     * User half of the step, scoring with query {@code x}: fills {@code coef} (the messages to the
     * target items' owners) and {@code gx = Σ c_k p_k} (the message to the context items' owners),
     * and updates {@code u} in place (AdaGrad accumulator in {@code acc[0]}). Returns the loss, or NaN
     * when the update would have produced a non-finite value (then {@code u} is unchanged).
     */
    public double userStep(float[] u, float[] acc, float[] x, float[][] targets, int n, float weight, float[] coef,
                           float[] gx) {
        double loss = coefficients(x, targets, n, weight, coef);
        if (!Double.isFinite(loss)) {
            return Double.NaN;
        }
        java.util.Arrays.fill(gx, 0, d, 0f);
        for (int k = 0; k < n; k++) {
            if (coef[k] != 0) {
                VectorKernels.axpy(coef[k], targets[k], 0, gx, 0, d);
            }
        }
        for (int j = 0; j < d; j++) {
            grad[j] = gx[j] + c.l2() * u[j];
        }
        grad[d] = 0; // the constant 1 of the user vector does not learn
        return apply(u, acc, d) ? loss : Double.NaN;
    }

    /** Without context: the query is the user vector itself. */
    public double userStep(float[] u, float[] acc, float[][] targets, int n, float weight, float[] coef) {
        return userStep(u, acc, u.clone(), targets, n, weight, coef, new float[d]);
    }

    /** Context half for one context item: {@code ∂L/∂q = w·gx + λ·q}. False when dropped as non-finite. */
    public boolean contextStep(float[] q, float[] acc, float w, float[] gx) {
        for (int j = 0; j < d; j++) {
            grad[j] = w * gx[j] + c.l2() * q[j];
        }
        return apply(q, acc, d);
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

    /**
     * Item half for the summed target gradients of a bundle: {@code sum = Σ c_k·x_k} over the
     * {@code count} events that scored this item, so {@code ∂L/∂p = sum + count·λ·p} (no L2 on the bias),
     * one AdaGrad step. With {@code count = 1} it is exactly {@link #itemStep}. False when dropped as
     * non-finite.
     */
    public boolean itemStepSum(float[] v, float[] acc, float[] sum, int count) {
        float l2 = count * c.l2();
        for (int j = 0; j < d; j++) {
            grad[j] = sum[j] + l2 * v[j];
        }
        grad[d] = sum[d];
        return apply(v, acc, d + 1);
    }

    /**
     * Context half for the summed context gradients of a bundle: {@code sum = Σ w_j·g_j} over
     * {@code count} events, {@code ∂L/∂q = sum + count·λ·q}. With {@code count = 1} it is exactly
     * {@link #contextStep}. False when dropped as non-finite.
     */
    public boolean contextStepSum(float[] q, float[] acc, float[] sum, int count) {
        float l2 = count * c.l2();
        for (int j = 0; j < d; j++) {
            grad[j] = sum[j] + l2 * q[j];
        }
        return apply(q, acc, d);
    }

    /**
     * AdaGrad step with clipping on the first {@code n} components of {@code grad}. The squared norms are
     * dot products (independent partial sums, not one serial chain: the step is on every event's path,
     * several times), and a non-finite result shows in them: a NaN or infinite factor makes the factors'
     * norm non-finite, and only the slots past the factors are checked one by one.
     */
    private boolean apply(float[] x, float[] acc, int n) {
        double g2 = VectorKernels.dot(grad, 0, grad, 0, n);
        if (!Double.isFinite(g2)) {
            return false;
        }
        double gn = Math.sqrt(g2);
        double clip = gn > c.maxGradNorm() ? c.maxGradNorm() / gn : 1;
        double newAcc = acc[0] + g2 * clip * clip;
        float rate = (float) (c.learningRate() * clip / Math.sqrt(newAcc));
        for (int j = 0; j < n; j++) {
            next[j] = x[j] - rate * grad[j];
        }
        System.arraycopy(x, n, next, n, x.length - n);
        float norm = VectorKernels.norm(next, 0, d);
        // the step moved the vector by rate·|grad| unless the norm cap scaled it back
        float moved = (float) (rate * gn);
        if (!Float.isFinite(norm)) {
            return false;
        }
        if (norm > c.maxNorm()) {
            VectorKernels.scale(next, 0, d, c.maxNorm() / norm);
            moved = distance(x, next, n);
            norm = VectorKernels.norm(next, 0, d);
        }
        for (int j = d; j < x.length; j++) {
            if (!Float.isFinite(next[j])) {
                return false;
            }
        }
        if (!Double.isFinite(newAcc)) {
            return false;
        }
        System.arraycopy(next, 0, x, 0, x.length);
        acc[0] = (float) newAcc;
        lastMove = moved;
        lastNorm = norm;
        return true;
    }

    private static float distance(float[] a, float[] b, int n) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double diff = a[j] - b[j];
            sum += diff * diff;
        }
        return (float) Math.sqrt(sum);
    }

    /**
     * How far the latest successful item, context or user step moved its vector (Euclidean distance
     * between before and after), found from the step itself rather than by comparing the two.
     */
    public float lastMove() {
        return lastMove;
    }

    /** The norm of the first d factors of the vector the latest successful step wrote. */
    public float lastNorm() {
        return lastNorm;
    }

    /** A new user vector: zeros and the constant 1. */
    public float[] newUser() {
        float[] u = new float[d + 1];
        u[d] = 1;
        return u;
    }
}
