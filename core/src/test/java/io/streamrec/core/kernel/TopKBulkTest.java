package io.streamrec.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Once read, a bulk top K holds exactly what a {@link TopK} given the same offers holds. */
class TopKBulkTest {
    @Test
    void aBulkTopKHoldsWhatTheHeapHoldsOnceReadAndItsThresholdNeverOverstates() {
        Random rnd = new Random(8);
        for (int trial = 0; trial < 300; trial++) {
            int k = 1 + rnd.nextInt(50);
            int n = rnd.nextInt(2000);
            TopK heap = new TopK(k);
            TopKBulk bulk = new TopKBulk(k);
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
            TopKBulk one = new TopKBulk(k);
            TopKBulk blocks = new TopKBulk(k);
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

    @Test
    void aKOfZeroIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TopKBulk(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
