package io.streamrec.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The int8 block scan: SIMD and scalar agree, and every bound is at least the row's exact score. */
class Int8KernelTest {
    @Test
    void boundsAgreeBetweenSimdAndScalarAndNeverUnderstateTheExactScore() {
        SplittableRandom r = new SplittableRandom(21);
        int lanes = VectorKernels.int8BlockRows();
        for (int dim : new int[] {1, 7, 16, 64, 100}) {
            int rows = 1000 + dim; // a partial last block
            int padded = (rows + lanes - 1) / lanes * lanes;
            float[] exact = new float[rows * dim];
            byte[] codes = new byte[padded * dim];
            float[] step = new float[padded];
            float[] last = new float[padded];
            for (int row = 0; row < rows; row++) {
                float max = 0;
                for (int d = 0; d < dim; d++) {
                    exact[row * dim + d] = (float) (r.nextGaussian() * Math.exp(r.nextGaussian()));
                    max = Math.max(max, Math.abs(exact[row * dim + d]));
                }
                step[row] = max / 127f;
                for (int d = 0; d < dim; d++) {
                    codes[(row / lanes * dim + d) * lanes + row % lanes] = (byte) Math.round(exact[row * dim + d] / step[row]);
                }
                last[row] = (float) r.nextGaussian();
            }
            float[] q = new float[dim];
            float l1 = 0;
            for (int d = 0; d < dim; d++) {
                q[d] = (float) r.nextGaussian();
                l1 += Math.abs(q[d]);
            }
            float qLast = 0.7f;
            TopK simd = new TopK(rows);
            TopK scalar = new TopK(rows);
            VectorKernels.topKInt8(codes, step, last, qLast, rows, dim, q, 0.51f * l1, simd, row -> false);
            ScalarKernels.topKInt8(codes, step, last, qLast, 0, rows, dim, q, 0.51f * l1, lanes, scalar, row -> false);
            assertThat(simd.size()).as("every row, none of the padding").isEqualTo(rows);
            assertThat(scalar.size()).isEqualTo(rows);
            for (int row = 0; row < rows; row++) {
                float bound = simd.scoreOf(row);
                assertThat(bound).as("dim " + dim + " row " + row).isCloseTo(scalar.scoreOf(row), within(1e-4f * (1 + Math.abs(bound))));
                float score = ScalarKernels.dot(exact, row * dim, q, 0, dim) + last[row] * qLast;
                assertThat(bound).as("bound ≥ exact, dim " + dim).isGreaterThanOrEqualTo(score);
            }
            TopK filtered = new TopK(10);
            VectorKernels.topKInt8(codes, step, last, qLast, rows, dim, q, 0.51f * l1, filtered, row -> row % 2 == 0);
            for (int row : filtered.rowsDescending()) {
                assertThat(row % 2).isEqualTo(1);
            }
        }
    }

    @Test
    void aPassSharedByUpToFourQueriesGivesEachTheBoundsOfItsOwnPass() {
        SplittableRandom r = new SplittableRandom(5);
        int lanes = VectorKernels.int8BlockRows();
        for (int dim : new int[] {3, 16, 64, 65}) {
            int rows = 2000 + dim;
            int padded = (rows + lanes - 1) / lanes * lanes;
            byte[] codes = new byte[padded * dim];
            float[] last = new float[padded];
            float[] exact = new float[rows * dim];
            float[] step = new float[padded];
            float[] cosStep = new float[padded];
            for (int row = 0; row < rows; row++) {
                float max = 0;
                for (int d = 0; d < dim; d++) {
                    exact[row * dim + d] = (float) r.nextGaussian();
                    max = Math.max(max, Math.abs(exact[row * dim + d]));
                }
                step[row] = max / 127f;
                cosStep[row] = step[row] * 0.5f;
                for (int d = 0; d < dim; d++) {
                    codes[(row / lanes * dim + d) * lanes + row % lanes] = (byte) Math.round(exact[row * dim + d] / step[row]);
                }
                last[row] = (float) r.nextGaussian();
            }
            for (int n = 1; n <= 7; n++) {
                VectorKernels.Int8Query[] shared = new VectorKernels.Int8Query[n];
                TopK[] alone = new TopK[n];
                float[][] qs = new float[n][];
                float[] qLast = new float[n];
                for (int i = 0; i < n; i++) {
                    float[] q = new float[dim];
                    float l1 = 0;
                    for (int d = 0; d < dim; d++) {
                        q[d] = (float) r.nextGaussian();
                        l1 += Math.abs(q[d]);
                    }
                    qs[i] = q;
                    qLast[i] = i % 2 == 0 ? 0.7f : 0f; // with a last slot and without (cosine)
                    float[] scale = i % 2 == 0 ? step : cosStep;
                    int mod = 2 + i;
                    VectorKernels.RowFilter skip = row -> row % mod == 0;
                    shared[i] = new VectorKernels.Int8Query(q, qLast[i], 0.51f * l1, scale, new TopK(rows), skip);
                    alone[i] = new TopK(rows);
                    VectorKernels.topKInt8(codes, scale, last, qLast[i], 0, rows, dim, q, 0.51f * l1, alone[i], skip);
                }
                VectorKernels.topKInt8(codes, last, 0, rows, dim, shared, n);
                for (int i = 0; i < n; i++) {
                    TopK got = shared[i].heap();
                    assertThat(got.size()).as("dim " + dim + " n " + n + " query " + i).isEqualTo(alone[i].size());
                    for (int row : alone[i].rowsDescending()) {
                        float bound = alone[i].scoreOf(row);
                        assertThat(got.scoreOf(row)).as("dim " + dim + " n " + n + " row " + row)
                                .isCloseTo(bound, within(1e-4f * (1 + Math.abs(bound))));
                        if (i % 2 == 0) {
                            float score = ScalarKernels.dot(exact, row * dim, qs[i], 0, dim) + last[row] * qLast[i];
                            assertThat(got.scoreOf(row)).as("bound ≥ exact").isGreaterThanOrEqualTo(score);
                        }
                    }
                }
            }
        }
    }
}
