package io.streamrec.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {
    @Test
    void keepsTheBestAndListsThemByScoreThenRowWithNegativesAndTies() {
        TopK h = new TopK(4);
        float[] scores = {-3f, 0.5f, -0.25f, 2f, 0.5f, -10f, 0f, Float.NEGATIVE_INFINITY};
        for (int row = 0; row < scores.length; row++) {
            h.offer(row, scores[row]);
        }
        assertThat(h.rowsDescending()).containsExactly(3, 1, 4, 6);
        assertThat(h.scoresDescending()).containsExactly(2f, 0.5f, 0.5f, 0f);
        assertThat(h.threshold()).isEqualTo(0f);
        TopK negatives = new TopK(3);
        negatives.offer(7, -1f);
        negatives.offer(2, -0.5f);
        assertThat(negatives.rowsDescending()).containsExactly(2, 7);
        assertThat(negatives.scoresDescending()).containsExactly(-0.5f, -1f);
        assertThat(negatives.threshold()).isEqualTo(Float.NEGATIVE_INFINITY);
    }

    @Test
    void whatItKeepsDoesNotDependOnTheOrderOrTheSplitOfTheOffersEvenWithTies() {
        Random rnd = new Random(4);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(300);
            int k = 1 + rnd.nextInt(40);
            float[] scores = new float[n];
            for (int row = 0; row < n; row++) {
                scores[row] = rnd.nextInt(8) * 0.5f; // many ties
            }
            scores[rnd.nextInt(n)] = -0f;
            scores[rnd.nextInt(n)] = Float.NaN; // never kept
            // the reference: best score first, the lower row between equal scores
            List<Integer> order = new ArrayList<>();
            for (int row = 0; row < n; row++) {
                if (!Float.isNaN(scores[row])) {
                    order.add(row);
                }
            }
            order.sort((a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b));
            int[] expected = order.subList(0, Math.min(k, order.size())).stream().mapToInt(Integer::intValue).sorted().toArray();

            TopK inOrder = new TopK(k);
            for (int row = 0; row < n; row++) {
                inOrder.offer(row, scores[row]);
            }
            List<Integer> shuffled = new ArrayList<>();
            for (int row = 0; row < n; row++) {
                shuffled.add(row);
            }
            Collections.shuffle(shuffled, rnd);
            TopK anyOrder = new TopK(k);
            shuffled.forEach(row -> anyOrder.offer(row, scores[row]));
            // two parts, each kept to k, then merged by key
            TopK left = new TopK(k);
            TopK right = new TopK(k);
            int cut = rnd.nextInt(n + 1);
            for (int row = 0; row < n; row++) {
                (row < cut ? left : right).offer(row, scores[row]);
            }
            long[] keys = new long[left.size() + right.size()];
            left.copyKeys(keys, 0);
            right.copyKeys(keys, left.size());
            TopK merged = new TopK(k);
            for (long key : keys) {
                merged.offer(TopK.keyRow(key), TopK.keyScore(key));
            }
            for (TopK h : List.of(inOrder, anyOrder, merged)) {
                assertThat(java.util.Arrays.stream(h.rowsDescending()).sorted().toArray()).as("trial " + trial).containsExactly(expected);
            }
            assertThat(anyOrder.rowsDescending()).containsExactly(inOrder.rowsDescending());
        }
    }

    @Test
    void keysOrderBestFirstAndGiveBackRowAndScore() {
        float[] scores = {3f, -1f, Float.NEGATIVE_INFINITY, 0f, -0f, 1e-30f, Float.MAX_VALUE, 3f};
        long[] keys = new long[scores.length];
        for (int row = 0; row < scores.length; row++) {
            keys[row] = TopK.key(row, scores[row]);
            assertThat(TopK.keyRow(keys[row])).isEqualTo(row);
            assertThat(Float.floatToIntBits(TopK.keyScore(keys[row]))).isEqualTo(Float.floatToIntBits(scores[row]));
        }
        java.util.Arrays.sort(keys);
        int[] rows = java.util.Arrays.stream(keys).mapToInt(TopK::keyRow).toArray();
        assertThat(rows).containsExactly(6, 0, 7, 5, 3, 4, 1, 2);
    }

    @Test
    void aBulkTopKHoldsWhatTheHeapHoldsOnceReadAndItsThresholdNeverOverstates() {
        Random rnd = new Random(8);
        for (int trial = 0; trial < 300; trial++) {
            int k = 1 + rnd.nextInt(50);
            int n = rnd.nextInt(2000);
            TopK heap = new TopK(k);
            TopK bulk = TopK.bulk(k);
            for (int i = 0; i < n; i++) {
                int row = trial % 2 == 0 ? i : rnd.nextInt(1_000_000); // in scan order, and not
                float score = trial % 3 == 0 ? rnd.nextInt(10) : (float) rnd.nextGaussian(); // ties, and few
                if (rnd.nextInt(100) == 0) {
                    score = Float.NaN;
                }
                heap.offer(row, score);
                // what a scan does: leave out what is below the threshold (a lagging one lets more through)
                assertThat(bulk.threshold()).isLessThanOrEqualTo(heap.threshold());
                if (!(score < bulk.threshold()) || rnd.nextBoolean()) {
                    bulk.offer(row, score);
                }
            }
            assertThat(bulk.size()).isEqualTo(heap.size());
            assertThat(bulk.threshold()).as("exact once read").isEqualTo(heap.threshold());
            assertThat(bulk.rowsDescending()).as("trial " + trial).containsExactly(heap.rowsDescending());
            assertThat(bulk.scoresDescending()).containsExactly(heap.scoresDescending());
            if (heap.size() > 0) {
                int row = heap.rowsDescending()[0];
                assertThat(bulk.scoreOf(row)).isEqualTo(heap.scoreOf(row));
            }
            bulk.clear();
            assertThat(bulk.size()).isZero();
            assertThat(bulk.threshold()).isEqualTo(Float.NEGATIVE_INFINITY);
        }
    }

    @Test
    void offeringABlockAtOnceKeepsWhatOfferingItsRowsOneByOneKeeps() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 200; trial++) {
            int k = 1 + rnd.nextInt(40);
            boolean bulk = trial % 2 == 0;
            TopK one = bulk ? TopK.bulk(k) : new TopK(k);
            TopK blocks = bulk ? TopK.bulk(k) : new TopK(k);
            int mod = 2 + rnd.nextInt(4);
            VectorKernels.RowFilter skip = row -> row % mod == 0;
            float[] scores = new float[8];
            for (int first = 0; first < 1000; first += 8) {
                int count = 1 + rnd.nextInt(8);
                for (int i = 0; i < count; i++) {
                    scores[i] = rnd.nextInt(20) == 0 ? Float.NaN : (float) (trial % 3 == 0 ? rnd.nextInt(5) : rnd.nextGaussian());
                    if (!skip.skip(first + i)) {
                        one.offer(first + i, scores[i]);
                    }
                }
                float threshold = blocks.offerAll(scores, first, count, skip);
                assertThat(threshold).isEqualTo(blocks.threshold());
            }
            assertThat(blocks.rowsDescending()).as("trial " + trial).containsExactly(one.rowsDescending());
            assertThat(blocks.scoresDescending()).containsExactly(one.scoresDescending());
        }
    }
}
