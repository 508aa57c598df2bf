package io.streamrec.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The int8 block scan: SIMD and scalar give the same bounds bit for bit, a shared pass gives each query the
 * bounds of its own, every bound is at least the row's exact score (including rows built to overflow 16-bit
 * sums if the query were scaled wrongly), and the query's quantisation keeps its promises.
 */
class Int8KernelTest {
    /** Rows quantised as {@code QuantizedRows} does, in the kernel's layout. */
    private static final class Rows {
        final int rows;
        final int dim;
        final float[] exact;
        final byte[] codes;
        final float[] step;
        final float[] half;
        final float[] norms;
        final float[] last;

        Rows(SplittableRandom r, int rows, int dim, boolean heavyTails) {
            int block = VectorKernels.int8BlockRows();
            int padded = (rows + block - 1) / block * block;
            this.rows = rows;
            this.dim = dim;
            exact = new float[rows * dim];
            codes = new byte[padded * VectorKernels.int8Columns(dim)];
            step = new float[padded];
            half = new float[padded];
            norms = new float[padded];
            last = new float[padded];
            for (int row = 0; row < rows; row++) {
                for (int d = 0; d < dim; d++) {
                    exact[row * dim + d] = (float) (heavyTails ? r.nextGaussian() * Math.exp(r.nextGaussian())
                            : r.nextGaussian());
                }
                last[row] = (float) r.nextGaussian();
            }
        }

        /** Quantises every row (after the caller changed {@code exact}). */
        Rows quantise() {
            for (int row = 0; row < rows; row++) {
                float max = 0;
                for (int d = 0; d < dim; d++) {
                    max = Math.max(max, Math.abs(exact[row * dim + d]));
                }
                step[row] = max / 127f;
                half[row] = step[row] * 0.5f;
                long squares = 0;
                for (int d = 0; d < dim; d++) {
                    int code = Math.max(-127, Math.min(127, Math.round(exact[row * dim + d] / step[row])));
                    codes[VectorKernels.int8Index(row, d, dim)] = (byte) code;
                    squares += (long) code * code;
                }
                norms[row] = Math.nextUp((float) Math.sqrt(squares));
            }
            return this;
        }
    }

    private static float[] gaussian(SplittableRandom r, int dim) {
        float[] q = new float[dim];
        for (int d = 0; d < dim; d++) {
            q[d] = (float) r.nextGaussian();
        }
        return q;
    }

    private static float slack(float[] q) {
        float l1 = 0;
        for (float v : q) {
            l1 += Math.abs(v);
        }
        return 0.51f * l1;
    }

    @Test
    void boundsAreTheSameBitsInSimdAndScalarAndNeverUnderstateTheExactScore() {
        SplittableRandom r = new SplittableRandom(21);
        for (int dim : new int[] {1, 7, 8, 16, 64, 100}) {
            Rows m = new Rows(r, 1000 + dim, dim, true); // a partial last block
            float[] skewed = gaussian(r, dim);
            skewed[0] = 50f; // one factor dominates: the others quantise to few levels
            float[][] queries = {gaussian(r, dim), skewed, new float[dim]};
            // rows aligned with the first query's signs at full scale: the largest 16-bit sums there can be
            for (int row = 0; row < 10; row++) {
                for (int d = 0; d < dim; d++) {
                    m.exact[row * dim + d] = queries[0][d] >= 0 ? 1f : -1f;
                }
            }
            m.quantise();
            for (float[] q : queries) {
                float qLast = 0.7f;
                TopKBulk simd = new TopKBulk(m.rows);
                TopKBulk scalar = new TopKBulk(m.rows);
                VectorKernels.topKInt8(m.codes, m.norms, m.last, 0, m.rows, dim,
                        new VectorKernels.Int8Query(q, dim, qLast, slack(q), m.step, row -> false).into(simd));
                ScalarKernels.topKInt8(m.codes, m.norms, m.last, 0, m.rows, dim,
                        new VectorKernels.Int8Query(q, dim, qLast, slack(q), m.step, row -> false).into(scalar),
                        VectorKernels.int8BlockRows());
                assertThat(simd.size()).as("every row, none of the padding").isEqualTo(m.rows);
                assertThat(scalar.size()).isEqualTo(m.rows);
                for (int row = 0; row < m.rows; row++) {
                    float bound = simd.scoreOf(row);
                    assertThat(bound).as("dim " + dim + " row " + row).isEqualTo(scalar.scoreOf(row));
                    float score = ScalarKernels.dot(m.exact, row * dim, q, 0, dim) + m.last[row] * qLast;
                    assertThat(bound).as("bound ≥ exact, dim " + dim + " row " + row).isGreaterThanOrEqualTo(score);
                }
            }
            TopKBulk filtered = new TopKBulk(10);
            VectorKernels.topKInt8(m.codes, m.norms, m.last, 0, m.rows, dim, new VectorKernels.Int8Query(queries[0],
                    dim, 0.7f, slack(queries[0]), m.step, row -> row % 2 == 0).into(filtered));
            assertThat(filtered.size()).isEqualTo(10);
            for (int row : filtered.rowsDescending()) {
                assertThat(row % 2).isEqualTo(1);
            }
        }
    }

    @Test
    void theQueryIsQuantisedWithinTheLimitsOfSixteenBitSumsAndItsResidualIsExact() {
        SplittableRandom r = new SplittableRandom(3);
        int block = VectorKernels.int8BlockRows();
        for (int dim : new int[] {1, 5, 8, 64, 100}) {
            for (int trial = 0; trial < 50; trial++) {
                float[] q = gaussian(r, dim);
                if (trial % 5 == 0) {
                    q[r.nextInt(dim)] *= 1000; // one huge factor
                }
                VectorKernels.Int8Query quantised = new VectorKernels.Int8Query(q, dim, 0f, 0f, new float[0],
                        row -> false);
                double residual2 = 0;
                int largest = 0;
                for (int g = 0; g < dim; g += VectorKernels.INT8_GROUP) {
                    int l1 = 0;
                    for (int d = g; d < Math.min(dim, g + VectorKernels.INT8_GROUP); d++) {
                        int code = quantised.expanded[d * block];
                        for (int lane = 0; lane < block; lane++) {
                            assertThat(quantised.expanded[d * block + lane]).isEqualTo((short) code);
                        }
                        l1 += Math.abs(code);
                        double left = q[d] - (double) quantised.step * code;
                        assertThat(Math.abs(left)).as("rounded to the nearest step").isLessThanOrEqualTo(quantised.step * 0.5001);
                        residual2 += left * left;
                    }
                    assertThat(l1 * 127).as("a group's sum fits 16 bits").isLessThanOrEqualTo(Short.MAX_VALUE);
                    largest = Math.max(largest, l1);
                }
                assertThat((double) quantised.residual).isGreaterThanOrEqualTo(Math.sqrt(residual2));
                assertThat(largest).as("the scale uses the 16 bits").isGreaterThan(VectorKernels.INT8_GROUP_L1 * 9 / 10);
            }
        }
        VectorKernels.Int8Query zero = new VectorKernels.Int8Query(new float[8], 8, 0f, 0f, new float[0],
                row -> false);
        assertThat(zero.step).isZero();
        assertThat(zero.residual).isZero();
    }

    @Test
    void aPassSharedByUpToFourQueriesGivesEachTheBoundsOfItsOwnPass() {
        SplittableRandom r = new SplittableRandom(5);
        for (int dim : new int[] {3, 16, 64, 65}) {
            Rows m = new Rows(r, 2000 + dim, dim, false).quantise();
            for (int n = 1; n <= 7; n++) {
                VectorKernels.Int8Query[] shared = new VectorKernels.Int8Query[n];
                TopKBulk[] alone = new TopKBulk[n];
                float[][] qs = new float[n][];
                float[] qLast = new float[n];
                for (int i = 0; i < n; i++) {
                    float[] q = gaussian(r, dim);
                    qs[i] = q;
                    qLast[i] = i % 2 == 0 ? 0.7f : 0f; // with a last slot and without (cosine)
                    float[] scale = i % 2 == 0 ? m.step : m.half;
                    int mod = 2 + i;
                    VectorKernels.RowFilter skip = row -> row % mod == 0;
                    shared[i] = new VectorKernels.Int8Query(q, dim, qLast[i], slack(q), scale, skip)
                            .into(new TopKBulk(m.rows));
                    alone[i] = new TopKBulk(m.rows);
                    VectorKernels.topKInt8(m.codes, m.norms, m.last, 0, m.rows, dim, shared[i].into(alone[i]));
                }
                VectorKernels.topKInt8(m.codes, m.norms, m.last, 0, m.rows, dim, shared, n);
                for (int i = 0; i < n; i++) {
                    TopKBulk got = shared[i].heap();
                    assertThat(got.size()).as("dim " + dim + " n " + n + " query " + i).isEqualTo(alone[i].size());
                    for (int row : alone[i].rowsDescending()) {
                        float bound = alone[i].scoreOf(row);
                        assertThat(got.scoreOf(row)).as("dim " + dim + " n " + n + " row " + row).isEqualTo(bound);
                        if (i % 2 == 0) {
                            float score = ScalarKernels.dot(m.exact, row * dim, qs[i], 0, dim) + m.last[row] * qLast[i];
                            assertThat(bound).as("bound ≥ exact").isGreaterThanOrEqualTo(score);
                        }
                    }
                }
            }
        }
    }
}
