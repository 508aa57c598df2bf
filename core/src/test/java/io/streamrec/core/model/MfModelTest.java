package io.streamrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.kernel.VectorKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MfModelTest {
    static final int D = 8;

    static float[] random(SplittableRandom r, int width, double scale, boolean userConst) {
        float[] v = new float[width];
        for (int i = 0; i < width; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        if (userConst) {
            v[width - 1] = 1;
        }
        return v;
    }

    /**
     * The coefficients times the other side's vector are the analytic gradient; compare with central
     * differences of the loss, for the user vector and for every item vector (bias included).
     */
    @ParameterizedTest
    @EnumSource(Loss.class)
    void gradientsMatchNumericalGradients(Loss loss) {
        checkGradients(loss, 2.5f);
        checkGradients(loss, -1.5f); // explicit negative event
    }

    /** With a sequential context: ∂L/∂u = g + λu, ∂L/∂q_j = w_j g + λq_j, ∂L/∂p_k = c_k x + λp_k. */
    @ParameterizedTest
    @EnumSource(Loss.class)
    void contextGradientsMatchNumericalGradients(Loss lossType) {
        MfConfig c = new MfConfig(D, 0.05f, 0.03f, 3, lossType, 100f, 1e9f, 0.1f, 0, 0.7f, 3, 0.5f);
        MfModel m = new MfModel(c);
        SplittableRandom r = new SplittableRandom(77);
        float[] u = random(r, D + 1, 0.8, true);
        float[][] ctx = {random(r, D, 0.8, false), random(r, D, 0.8, false), random(r, D, 0.8, false)};
        float[] w = m.contextWeights(3);
        assertThat(w[0] + w[1] + w[2]).isCloseTo(1f, within(1e-6f));
        assertThat(w[2]).isGreaterThan(w[1]).isGreaterThan(w[0]);
        int n = 4;
        float[][] t = new float[n][];
        for (int k = 0; k < n; k++) {
            t[k] = random(r, D + 1, 0.8, false);
        }
        float[] x = new float[D + 1];
        m.query(u, ctx, w, 3, x);
        float[] coef = new float[n];
        float[] gx = new float[D];
        m.userStep(u.clone(), new float[] {1}, x, t, n, 2f, coef, gx);
        double h = 1e-3;
        for (int j = 0; j < D; j++) {
            double numeric = numericCtx(m, u, ctx, w, t, n, u, j, h);
            assertThat((double) (gx[j] + c.l2() * u[j])).as("du[%d]", j).isCloseTo(numeric, within(2e-3 * Math.max(1, Math.abs(numeric))));
        }
        for (int q = 0; q < 3; q++) {
            for (int j = 0; j < D; j++) {
                double numeric = numericCtx(m, u, ctx, w, t, n, ctx[q], j, h);
                assertThat((double) (w[q] * gx[j] + c.l2() * ctx[q][j])).as("dq%d[%d]", q, j)
                        .isCloseTo(numeric, within(2e-3 * Math.max(1, Math.abs(numeric))));
            }
        }
        for (int k = 0; k < n; k++) {
            for (int j = 0; j <= D; j++) {
                double numeric = numericCtx(m, u, ctx, w, t, n, t[k], j, h);
                double analytic = coef[k] * x[j] + (j < D ? c.l2() * t[k][j] : 0);
                assertThat(analytic).as("dp%d[%d]", k, j).isCloseTo(numeric, within(2e-3 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    static double numericCtx(MfModel m, float[] u, float[][] ctx, float[] w, float[][] t, int n, float[] x, int j, double h) {
        float orig = x[j];
        x[j] = (float) (orig + h);
        double plus = m.loss(u, ctx, w, ctx.length, t, n, 2f);
        x[j] = (float) (orig - h);
        double minus = m.loss(u, ctx, w, ctx.length, t, n, 2f);
        x[j] = orig;
        return (plus - minus) / (2 * h);
    }

    void checkGradients(Loss lossType, float weight) {
        MfConfig c = new MfConfig(D, 0.05f, 0.03f, 3, lossType, 100f, 1e9f, 0.1f, 0, 0.7f, 3, 0.5f);
        MfModel m = new MfModel(c);
        SplittableRandom r = new SplittableRandom(42);
        float[] u = random(r, D + 1, 0.8, true);
        int n = 4;
        float[][] t = new float[n][];
        for (int k = 0; k < n; k++) {
            t[k] = random(r, D + 1, 0.8, false);
        }
        float[] coef = new float[n];
        m.coefficients(u, t, n, weight, coef);
        double h = 1e-3;
        // user gradient: Σ c_k v_k + λu
        for (int j = 0; j < D; j++) {
            double analytic = c.l2() * u[j];
            for (int k = 0; k < n; k++) {
                analytic += coef[k] * t[k][j];
            }
            double numeric = numeric(m, u, t, n, weight, u, j, h);
            assertThat(analytic).as("du[%d] %s", j, lossType).isCloseTo(numeric, within(2e-3 * Math.max(1, Math.abs(numeric))));
        }
        // item gradients: c_k u + λ v_k (no L2 on the bias slot)
        for (int k = 0; k < n; k++) {
            for (int j = 0; j <= D; j++) {
                double analytic = coef[k] * u[j] + (j < D ? c.l2() * t[k][j] : 0);
                double numeric = numeric(m, u, t, n, weight, t[k], j, h);
                assertThat(analytic).as("dv%d[%d] %s w=%s", k, j, lossType, weight)
                        .isCloseTo(numeric, within(2e-3 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    static double numeric(MfModel m, float[] u, float[][] t, int n, float w, float[] x, int j, double h) {
        float orig = x[j];
        x[j] = (float) (orig + h);
        double plus = m.loss(u, t, n, w);
        x[j] = (float) (orig - h);
        double minus = m.loss(u, t, n, w);
        x[j] = orig;
        return (plus - minus) / (2 * h);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POINTWISE", "BPR"})
    void stepsLowerTheLossOfTheEvent(String loss) {
        MfConfig c = MfConfig.defaults().withDim(D).withLoss(Loss.valueOf(loss));
        MfModel m = new MfModel(c);
        SplittableRandom r = new SplittableRandom(3);
        float[] u = random(r, D + 1, 0.3, true);
        float[][] t = {random(r, D + 1, 0.3, false), random(r, D + 1, 0.3, false), random(r, D + 1, 0.3, false)};
        float[] uAcc = {1};
        float[][] vAcc = {{1}, {1}, {1}};
        double before = m.loss(u, t, 3, 2f);
        for (int step = 0; step < 30; step++) {
            float[] uSeen = u.clone();
            float[] coef = new float[3];
            m.userStep(u, uAcc, t, 3, 2f, coef);
            for (int k = 0; k < 3; k++) {
                assertThat(m.itemStep(t[k], vAcc[k], coef[k], uSeen)).isTrue();
            }
        }
        double after = m.loss(u, t, 3, 2f);
        assertThat(after).isLessThan(before * 0.75);
        assertThat(u[D]).isEqualTo(1f);
        assertThat(VectorKernels.dot(u, 0, t[0], 0, D + 1)).isGreaterThan(VectorKernels.dot(u, 0, t[1], 0, D + 1));
    }

    @Test
    void nonFiniteUpdatesAreDroppedAndLeaveTheVectorUntouched() {
        MfModel m = new MfModel(MfConfig.defaults().withDim(D));
        float[] u = m.newUser();
        u[0] = 0.5f;
        float[] poisoned = new float[D + 1];
        poisoned[0] = Float.NaN;
        float[] before = u.clone();
        double loss = m.userStep(u, new float[] {1}, new float[][] {poisoned}, 1, 1f, new float[1]);
        assertThat(loss).isNaN();
        assertThat(u).containsExactly(before);
        float[] v = new float[D + 1];
        assertThat(m.itemStep(v, new float[] {1}, Float.POSITIVE_INFINITY, u)).isFalse();
        assertThat(v).containsOnly(0f);
    }

    /**
     * A finite gradient whose step would still leave a non-finite value (in the factors, whose norm then is
     * not finite, or in the bias slot past them, checked on its own) is dropped as well.
     */
    @Test
    void stepsThatWouldWriteANonFiniteValueAreDropped() {
        MfModel m = new MfModel(MfConfig.defaults().withDim(D));
        float[] sum = new float[D + 1];
        java.util.Arrays.fill(sum, 0.1f);
        float[] badBias = new float[D + 1];
        badBias[D] = Float.POSITIVE_INFINITY;
        float[] before = badBias.clone();
        assertThat(m.itemStepSum(badBias, new float[] {1}, sum, 1)).isFalse();
        assertThat(badBias).containsExactly(before);
        // without L2 the gradient of huge factors stays finite, but their norm does not
        MfModel noL2 = new MfModel(new MfConfig(D, 0.05f, 0f, 0, Loss.POINTWISE, 1e30f, 1f, 0.1f, 0, 1f, 0, 1f));
        float[] huge = new float[D + 1];
        java.util.Arrays.fill(huge, 0, D, Float.MAX_VALUE / 2);
        float[] hugeBefore = huge.clone();
        assertThat(noL2.itemStepSum(huge, new float[] {1}, sum, 1)).isFalse();
        assertThat(huge).containsExactly(hugeBefore);
        float[] q = new float[D];
        java.util.Arrays.fill(q, Float.MAX_VALUE / 2);
        assertThat(noL2.contextStepSum(q, new float[] {1}, new float[D], 1)).isFalse();
    }

    @Test
    void clipsGradientsAndNorms() {
        MfConfig c = new MfConfig(D, 10f, 0f, 0, Loss.POINTWISE, 1f, 0.5f, 0.1f, 0, 1f, 0, 1f);
        MfModel m = new MfModel(c);
        float[] v = new float[D + 1];
        float[] u = new float[D + 1];
        java.util.Arrays.fill(u, 100f);
        float[] acc = {1};
        assertThat(m.itemStep(v, acc, 1000f, u)).isTrue();
        assertThat(VectorKernels.norm(v, 0, D)).isLessThanOrEqualTo(1.0001f);
        assertThat(acc[0]).isCloseTo(1.25f, within(1e-4f)); // 1 + clipped ‖g‖² = 1 + 0.5²
    }

    /** What a step reports of itself is what comparing the vector before and after gives, capped or not. */
    @ParameterizedTest
    @ValueSource(floats = {1e9f, 0.3f})
    void aStepKnowsHowFarItMovedTheVectorAndItsNorm(float maxNorm) {
        MfConfig c = new MfConfig(D, 0.05f, 0.03f, 3, Loss.POINTWISE, 100f, maxNorm, 0.1f, 0, 0.7f, 3, 0.5f);
        MfModel m = new MfModel(c);
        SplittableRandom r = new SplittableRandom(3);
        float[] v = random(r, D + 1, 0.2f, false);
        float[] sum = random(r, D + 1, 1f, false);
        float[] before = v.clone();
        assertThat(m.itemStepSum(v, new float[] {1}, sum, 2)).isTrue();
        double d2 = 0;
        for (int j = 0; j < D + 1; j++) {
            d2 += (double) (v[j] - before[j]) * (v[j] - before[j]);
        }
        assertThat(m.lastMove()).isPositive().isCloseTo((float) Math.sqrt(d2), within(1e-5f));
        assertThat(m.lastNorm()).isCloseTo(VectorKernels.norm(v, 0, D), within(1e-5f));
        float[] q = random(r, D, 0.2f, false);
        float[] qBefore = q.clone();
        assertThat(m.contextStepSum(q, new float[] {1}, random(r, D, 1f, false), 1)).isTrue();
        d2 = 0;
        for (int j = 0; j < D; j++) {
            d2 += (double) (q[j] - qBefore[j]) * (q[j] - qBefore[j]);
        }
        assertThat(m.lastMove()).isCloseTo((float) Math.sqrt(d2), within(1e-5f));
    }

    @Test
    void foldInPlacesAUserNextToTheItemsTouched() {
        MfConfig c = MfConfig.defaults().withDim(D);
        SplittableRandom r = new SplittableRandom(5);
        float[][] items = new float[6][];
        for (int k = 0; k < 6; k++) {
            items[k] = random(r, D + 1, 1, false);
            items[k][D] = 0;
        }
        float[] u = FoldIn.solve(new float[][] {items[0]}, new float[] {1}, 1, D, c.l2());
        assertThat(u).isNotNull();
        assertThat(u[D]).isEqualTo(1f);
        int best = 0;
        for (int k = 1; k < 6; k++) {
            if (VectorKernels.dot(u, 0, items[k], 0, D + 1) > VectorKernels.dot(u, 0, items[best], 0, D + 1)) {
                best = k;
            }
        }
        assertThat(best).isZero();
        // the solution satisfies the normal equations (Σ w v vᵀ + (ridge+λ) I) u = Σ w (t − b) v
        float[] u2 = FoldIn.solve(new float[][] {items[1], items[2]}, new float[] {1, 2}, 2, D, 0.0);
        for (int i = 0; i < D; i++) {
            double lhs = FoldIn.RIDGE * u2[i];
            double rhs = 0;
            float[][] vs = {items[1], items[2]};
            float[] w = {1, 2};
            for (int k = 0; k < 2; k++) {
                lhs += w[k] * vs[k][i] * VectorKernels.dot(vs[k], 0, u2, 0, D);
                rhs += w[k] * (FoldIn.TARGET - vs[k][D]) * vs[k][i];
            }
            assertThat(lhs).isCloseTo(rhs, within(1e-3));
        }
    }

    @Test
    void itemStartIsAFunctionOfTheId() {
        MfConfig c = MfConfig.defaults();
        assertThat(FactorInit.item("sku-1", c)).containsExactly(FactorInit.item("sku-1", c));
        assertThat(FactorInit.item("sku-1", c)).isNotEqualTo(FactorInit.item("sku-2", c));
        assertThat(FactorInit.item("sku-1", c)).hasSize(65);
        float[] centroid = new float[65];
        centroid[3] = 2;
        assertThat(FactorInit.itemNear("x", centroid, c)[3]).isCloseTo(2f, within(0.1f));
    }
}
