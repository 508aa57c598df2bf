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
}
