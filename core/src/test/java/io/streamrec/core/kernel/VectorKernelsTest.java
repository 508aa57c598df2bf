package io.streamrec.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VectorKernelsTest {
    @Test
    void theVectorApiIsInUseInTests() {
        assertThat(VectorKernels.simd()).as("surefire runs with --add-modules jdk.incubator.vector").isTrue();
    }

    @Test
    void simdAndScalarAgree() {
        SplittableRandom r = new SplittableRandom(9);
        for (int n : new int[] {1, 7, 8, 15, 16, 65, 129}) {
            float[] a = new float[n + 3];
            float[] b = new float[n + 5];
            for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = (float) r.nextGaussian();
            float simd = SimdKernels.dot(a, 3, b, 5, n);
            float scalar = ScalarKernels.dot(a, 3, b, 5, n);
            assertThat(simd).isCloseTo(scalar, within(1e-4f * n));
            float[] y1 = b.clone();
            float[] y2 = b.clone();
            SimdKernels.axpy(0.5f, a, 3, y1, 5, n);
            ScalarKernels.axpy(0.5f, a, 3, y2, 5, n);
            for (int i = 0; i < y1.length; i++) {
                assertThat(y1[i]).isCloseTo(y2[i], within(1e-5f));
            }
        }
    }

    @Test
    void topKScanFindsTheBestRowsAndHonoursTheFilter() {
        SplittableRandom r = new SplittableRandom(11);
        int rows = 5000, dim = 16;
        float[] m = new float[rows * dim];
        for (int i = 0; i < m.length; i++) m[i] = (float) r.nextGaussian();
        float[] q = new float[dim];
        for (int i = 0; i < dim; i++) q[i] = (float) r.nextGaussian();
        TopK heap = new TopK(10);
        VectorKernels.topK(m, rows, dim, q, heap, row -> row % 2 == 0);
        int[] expected = IntStream.range(0, rows).filter(i -> i % 2 == 1).boxed()
                .sorted(Comparator.comparingDouble(i -> -ScalarKernels.dot(m, i * dim, q, 0, dim)))
                .limit(10).mapToInt(Integer::intValue).toArray();
        assertThat(heap.rowsDescending()).containsExactly(expected);
        TopK scalar = new TopK(10);
        ScalarKernels.topK(m, rows, dim, q, scalar, row -> row % 2 == 0);
        assertThat(scalar.rowsDescending()).containsExactly(expected);
        assertThat(Arrays.stream(heap.rowsDescending()).allMatch(i -> i % 2 == 1)).isTrue();
    }
}
