package io.streamrec.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

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
}
