package io.streamrec.core.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.kernel.TopK;
import io.streamrec.core.kernel.VectorKernels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ItemMatrixTest {
    static float[] random(Random rnd, int width) {
        float[] v = new float[width];
        for (int i = 0; i < width; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    @Test
    void topKEqualsABruteForceScoreOfTheWholeVectorIncludingTheLastSlot() {
        for (int width : new int[] {2, 9, 17, 33, 65, 100}) {
            Random rnd = new Random(width);
            ItemMatrix m = new ItemMatrix(width, 5000);
            List<float[]> vectors = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                float[] v = random(rnd, width);
                vectors.add(v);
                assertThat(m.upsert("i" + i, v, 1)).isTrue();
            }
            assertThat(m.stride() % 8).isZero();
            assertThat(m.stride()).isGreaterThanOrEqualTo(width - 1);
            float[] q = random(rnd, width);
            TopK heap = new TopK(10);
            m.topK(q, heap, row -> row % 3 == 0);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < vectors.size(); i++) {
                if (i % 3 != 0) {
                    expected.add(i);
                }
            }
            expected.sort(Comparator.comparingDouble(i -> -dot(vectors.get(i), q)));
            int[] got = heap.rowsDescending();
            assertThat(got).as("width " + width).containsExactly(expected.subList(0, 10).stream().mapToInt(Integer::intValue).toArray());
            assertThat(heap.scoreOf(got[0])).isCloseTo((float) dot(vectors.get(got[0]), q), within(1e-3f));
        }
    }

    @Test
    void copyIntoGivesBackTheVectorAndOlderVersionsAreIgnored() {
        ItemMatrix m = new ItemMatrix(5, 2);
        m.upsert("a", new float[] {1, 2, 3, 4, 5}, 2);
        m.upsert("a", new float[] {9, 9, 9, 9, 9}, 1);
        float[] out = new float[5];
        assertThat(m.copyInto("a", out)).isTrue();
        assertThat(out).containsExactly(1, 2, 3, 4, 5);
        assertThat(m.versionAt(m.rowOf("a"))).isEqualTo(2);
        assertThat(m.upsert("b", new float[5], 1)).isTrue();
        assertThat(m.upsert("c", new float[5], 1)).as("full").isFalse();
        assertThat(m.isFull()).isTrue();
        assertThat(m.copyInto("c", out)).isFalse();
    }

    @Test
    void cosineIgnoresTheLastSlotAndTheLength() {
        ItemMatrix m = new ItemMatrix(3, 10);
        m.upsert("x", new float[] {1, 0, 100}, 1);
        m.upsert("long-x", new float[] {5, 0.5f, -100}, 1);
        m.upsert("y", new float[] {0, 1, 0}, 1);
        m.upsert("minus-x", new float[] {-2, 0, 0}, 1);
        m.upsert("zero", new float[] {0, 0, 7}, 1);
        TopK heap = new TopK(4);
        int self = m.rowOf("x");
        m.topKCosine(self, heap, row -> row == self);
        int[] rows = heap.rowsDescending();
        assertThat(m.idAt(rows[0])).isEqualTo("long-x");
        assertThat(heap.scoreOf(rows[0])).isCloseTo((float) (5 / Math.sqrt(25.25)), within(1e-5f));
        assertThat(m.idAt(rows[3])).isEqualTo("minus-x");
        assertThat(heap.scoreOf(rows[3])).isCloseTo(-1f, within(1e-5f));
        assertThat(VectorKernels.paddedLength(64) % 8).isZero();
    }
}
