package io.streamrec.core.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.kernel.ScanPool;
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

    /** Item vectors shaped like learned ones: a few popular items with long vectors, most short ones, a bias. */
    static float[] learnedLike(Random rnd, int width) {
        float[] v = random(rnd, width);
        float length = (float) Math.exp(rnd.nextGaussian() * 0.6) * 0.1f;
        for (int i = 0; i < width - 1; i++) {
            v[i] *= length;
        }
        v[width - 1] = (float) rnd.nextGaussian() * 0.3f;
        return v;
    }

    static void assertSameTopK(ItemMatrix quantized, ItemMatrix exact, float[] q, int k, VectorKernels.RowFilter skip,
                               String what) {
        TopK a = new TopK(k);
        TopK b = new TopK(k);
        quantized.topK(q, a, skip);
        exact.topK(q, b, skip);
        assertThat(a.rowsDescending()).as(what).containsExactly(b.rowsDescending());
        assertThat(a.scoresDescending()).as(what).containsExactly(b.scoresDescending());
    }

    @Test
    void theQuantisedScanGivesExactlyTheFloatScansItemsAndScores() {
        for (int width : new int[] {2, 17, 65, 129}) {
            Random rnd = new Random(100 + width);
            ItemMatrix quantized = new ItemMatrix(width, 20_000);
            ItemMatrix exact = new ItemMatrix(width, 20_000);
            quantized.quantizeFrom(1);
            int n = 5000 + width; // not a whole number of blocks
            for (int i = 0; i < n; i++) {
                float[] v = learnedLike(rnd, width);
                quantized.upsert("i" + i, v, 1);
                exact.upsert("i" + i, v, 1);
            }
            assertThat(quantized.scansQuantized()).isTrue();
            for (int trial = 0; trial < 20; trial++) {
                float[] q = random(rnd, width);
                int k = 1 + rnd.nextInt(200);
                int mod = 2 + rnd.nextInt(5);
                assertSameTopK(quantized, exact, q, k, VectorKernels.RowFilter.NONE, "width " + width + " k " + k);
                assertSameTopK(quantized, exact, q, k, row -> row % mod == 0, "filtered, width " + width);
                int self = rnd.nextInt(n);
                TopK a = new TopK(k);
                TopK b = new TopK(k);
                quantized.topKCosine(self, a, row -> row == self);
                exact.topKCosine(self, b, row -> row == self);
                assertThat(a.rowsDescending()).as("cosine, width " + width).containsExactly(b.rowsDescending());
                assertThat(a.scoresDescending()).containsExactly(b.scoresDescending());
            }
            if (width > 2) { // one factor: every cosine is ±1, ties everywhere, so no proof (and no harm)
                assertThat(quantized.exactRescans()).as("the proof holds for learned-like vectors").isLessThanOrEqualTo(2);
            }
        }
    }

    @Test
    void updatesAndRowsAddedAfterQuantisingStartedAreScannedWithTheirNewValues() {
        Random rnd = new Random(7);
        ItemMatrix quantized = new ItemMatrix(33, 4000);
        ItemMatrix exact = new ItemMatrix(33, 4000);
        for (int i = 0; i < 1000; i++) {
            float[] v = learnedLike(rnd, 33);
            quantized.upsert("i" + i, v, 1);
            exact.upsert("i" + i, v, 1);
        }
        quantized.quantizeFrom(500); // rows already held are quantised now
        float[] q = random(rnd, 33);
        for (int i = 0; i < 3000; i++) { // rows added (the arrays grow) and rows overwritten
            String id = "i" + rnd.nextInt(2500);
            float[] v = learnedLike(rnd, 33);
            quantized.upsert(id, v, 2);
            exact.upsert(id, v, 2);
            if (i % 500 == 0) {
                assertSameTopK(quantized, exact, q, 10, VectorKernels.RowFilter.NONE, "after " + i + " updates");
            }
        }
        float[] boosted = exact.factorsAt(exact.rowOf("i42"));
        float[] v = java.util.Arrays.copyOf(boosted, 33);
        for (int i = 0; i < 32; i++) {
            v[i] = q[i] * 10; // now the best match by far
        }
        quantized.upsert("i42", v, 3);
        exact.upsert("i42", v, 3);
        TopK heap = new TopK(1);
        quantized.topK(q, heap, VectorKernels.RowFilter.NONE);
        assertThat(quantized.idAt(heap.rowsDescending()[0])).isEqualTo("i42");
        assertSameTopK(quantized, exact, q, 50, VectorKernels.RowFilter.NONE, "after the boost");
    }

    @Test
    void whenTheBoundsCannotSeparateTheCandidatesTheFloatScanDecidesAndTheResultIsStillExact() {
        // near-identical vectors: every bound is above every exact score, so no proof is possible
        ItemMatrix quantized = new ItemMatrix(9, 2000);
        ItemMatrix exact = new ItemMatrix(9, 2000);
        quantized.quantizeFrom(1);
        Random rnd = new Random(3);
        for (int i = 0; i < 1000; i++) {
            float[] v = {1, 1, 1, 1, 1, 1, 1, 1, 0};
            v[rnd.nextInt(8)] += 1e-4f * rnd.nextFloat();
            quantized.upsert("i" + i, v, 1);
            exact.upsert("i" + i, v, 1);
        }
        float[] q = {1, 2, 3, 4, 5, 6, 7, 8, 1};
        assertSameTopK(quantized, exact, q, 10, VectorKernels.RowFilter.NONE, "near-ties");
        assertThat(quantized.exactRescans()).isEqualTo(1);
    }

    @Test
    void belowTheThresholdAndForAllZeroQueriesTheScanIsThePlainOne() {
        Random rnd = new Random(5);
        ItemMatrix m = new ItemMatrix(17, 1000);
        m.quantizeFrom(100);
        for (int i = 0; i < 99; i++) {
            m.upsert("i" + i, learnedLike(rnd, 17), 1);
        }
        assertThat(m.scansQuantized()).isFalse();
        m.upsert("i99", learnedLike(rnd, 17), 1);
        assertThat(m.scansQuantized()).isTrue();
        float[] biasOnly = new float[17];
        biasOnly[16] = 1f; // the most popular items by learned bias: slack 0, bounds exact
        TopK heap = new TopK(5);
        m.topK(biasOnly, heap, VectorKernels.RowFilter.NONE);
        float[] scores = heap.scoresDescending();
        float best = Float.NEGATIVE_INFINITY;
        float[] v = new float[17];
        for (int i = 0; i < 100; i++) {
            m.copyInto("i" + i, v);
            best = Math.max(best, v[16]);
        }
        assertThat(scores[0]).isEqualTo(best);
    }

    @Test
    void aScanSplitOverThreadsGivesExactlyTheItemsAndScoresOfOnePassIncludingTies() {
        try (ScanPool pool = new ScanPool(3, 1)) {
            for (boolean quantize : new boolean[] {false, true}) {
                Random rnd = new Random(quantize ? 11 : 12);
                int width = 33;
                ItemMatrix m = new ItemMatrix(width, 20_000);
                if (quantize) {
                    m.quantizeFrom(1);
                }
                float[] centroid = learnedLike(rnd, width);
                int n = 9_001;
                for (int i = 0; i < n; i++) {
                    // every tenth item a copy of one vector (new items start at their category's centroid): ties
                    m.upsert("i" + i, i % 10 == 0 ? centroid : learnedLike(rnd, width), 1);
                }
                for (int trial = 0; trial < 30; trial++) {
                    float[] q = random(rnd, width);
                    if (trial % 3 == 0) { // the centroid's copies at the top, tied
                        for (int d = 0; d < width - 1; d++) {
                            q[d] = centroid[d] * 100;
                        }
                    }
                    int k = 1 + rnd.nextInt(1200);
                    int mod = 2 + rnd.nextInt(5);
                    for (VectorKernels.RowFilter skip : List.<VectorKernels.RowFilter>of(VectorKernels.RowFilter.NONE,
                            row -> row % mod == 0)) {
                        TopK one = new TopK(k);
                        TopK split = new TopK(k);
                        m.topK(q, one, skip);
                        m.topK(q, split, skip, pool);
                        String what = (quantize ? "int8" : "float") + " trial " + trial + " k " + k;
                        assertThat(split.rowsDescending()).as(what).containsExactly(one.rowsDescending());
                        assertThat(split.scoresDescending()).as(what).containsExactly(one.scoresDescending());
                    }
                    int self = rnd.nextInt(n);
                    TopK one = new TopK(k);
                    TopK split = new TopK(k);
                    m.topKCosine(self, one, row -> row == self);
                    m.topKCosine(self, split, row -> row == self, pool);
                    assertThat(split.rowsDescending()).as("cosine").containsExactly(one.rowsDescending());
                    assertThat(split.scoresDescending()).containsExactly(one.scoresDescending());
                }
                if (quantize) {
                    // ties at the top leave the bounds nothing to separate now and then; never a wrong answer
                    assertThat(m.exactRescans()).isLessThan(60);
                }
            }
        }
    }

    @Test
    void theQuantisedScanAgreesWithTheFloatScanOnTiedItemsToo() {
        Random rnd = new Random(31);
        int width = 17;
        ItemMatrix quantized = new ItemMatrix(width, 5000);
        ItemMatrix exact = new ItemMatrix(width, 5000);
        quantized.quantizeFrom(1);
        float[] shared = learnedLike(rnd, width);
        for (int d = 0; d < width - 1; d++) {
            shared[d] = 1f; // longer than any other item's factors: the shared vector's copies lead for q below
        }
        for (int i = 0; i < 3000; i++) {
            float[] v = i % 7 == 0 ? shared : learnedLike(rnd, width);
            quantized.upsert("i" + i, v, 1);
            exact.upsert("i" + i, v, 1);
        }
        float[] q = new float[width];
        for (int d = 0; d < width - 1; d++) {
            q[d] = shared[d] * 50; // the 429 copies of the shared vector are the best items, all tied
        }
        for (int k : new int[] {1, 10, 200, 500}) {
            assertSameTopK(quantized, exact, q, k, VectorKernels.RowFilter.NONE, "tied, k " + k);
            TopK heap = new TopK(k);
            exact.topK(q, heap, VectorKernels.RowFilter.NONE);
            int[] rows = heap.rowsDescending();
            for (int i = 0; i < Math.min(k, 429); i++) {
                assertThat(rows[i]).as("between equal scores the lower row ranks first").isEqualTo(7 * i);
            }
        }
    }

    @Test
    void scansOfManyRequestsAtOnceSharingPassesGiveEachExactlyItsOwnResult() throws Exception {
        Random rnd = new Random(77);
        int width = 65;
        ItemMatrix m = new ItemMatrix(width, 10_000);
        m.quantizeFrom(1);
        for (int i = 0; i < 6_003; i++) {
            m.upsert("i" + i, learnedLike(rnd, width), 1);
        }
        int threads = 8;
        int perThread = 25;
        float[][] queries = new float[threads * perThread][];
        int[] ks = new int[queries.length];
        TopK[] expected = new TopK[queries.length];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = random(rnd, width);
            ks[i] = 1 + rnd.nextInt(300);
            int mod = 2 + i % 5;
            expected[i] = new TopK(ks[i]);
            if (i % 3 == 0) {
                m.topKCosine(i, expected[i], row -> row == mod);
            } else {
                m.topK(queries[i], expected[i], row -> row % mod == 0);
            }
        }
        try (ScanPool pool = new ScanPool(2, 1); ScanPool.Request a = pool.request(); ScanPool.Request b = pool.request()) {
            // two requests in flight already: no scan splits, every int8 pass goes through the shared queue
            List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
            // whether scans meet in a pass depends on the scheduler: on a machine busy with other work the eight
            // callers can run one after another, so the round is repeated (each checked) until some shared
            for (int round = 0; round < 20 && pool.sharedScans() == 0; round++) {
                List<Thread> callers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t * perThread;
                    Thread thread = new Thread(() -> {
                        for (int i = first; i < first + perThread; i++) {
                            int mod = 2 + i % 5;
                            TopK got = new TopK(ks[i]);
                            if (i % 3 == 0) {
                                m.topKCosine(i, got, row -> row == mod, pool);
                            } else {
                                m.topK(queries[i], got, row -> row % mod == 0, pool);
                            }
                            if (!java.util.Arrays.equals(got.rowsDescending(), expected[i].rowsDescending())
                                    || !java.util.Arrays.equals(got.scoresDescending(), expected[i].scoresDescending())) {
                                wrong.add("query " + i);
                            }
                        }
                    });
                    callers.add(thread);
                    thread.start();
                }
                for (Thread thread : callers) {
                    thread.join();
                }
            }
            assertThat(wrong).isEmpty();
            assertThat(pool.splits()).isZero();
            // eight callers on a pool of two: about half of the 200 scans went in shared passes in most rounds here
            assertThat(pool.sharedScans()).as("scans that shared a pass").isPositive();
        }
    }

    @Test
    void severalQueriesTogetherGetExactlyWhatEachGetsAlone() {
        Random rnd = new Random(91);
        for (boolean quantize : new boolean[] {true, false}) {
            ItemMatrix m = new ItemMatrix(33, 5000);
            if (quantize) {
                m.quantizeFrom(1);
            }
            for (int i = 0; i < 4_321; i++) {
                m.upsert("i" + i, learnedLike(rnd, 33), 1);
            }
            for (int n = 1; n <= 9; n++) {
                float[][] queries = new float[n][];
                TopK[] together = new TopK[n];
                for (int i = 0; i < n; i++) {
                    queries[i] = random(rnd, 33);
                    together[i] = new TopK(1 + rnd.nextInt(250));
                }
                m.topKTogether(queries, together, row -> row % 7 == 3);
                for (int i = 0; i < n; i++) {
                    TopK alone = new TopK(together[i].capacity());
                    m.topK(queries[i], alone, row -> row % 7 == 3);
                    assertThat(together[i].rowsDescending()).as("n " + n + " query " + i).containsExactly(alone.rowsDescending());
                    assertThat(together[i].scoresDescending()).containsExactly(alone.scoresDescending());
                }
            }
        }
    }
}
