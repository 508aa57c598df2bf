package io.streamrec.core.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlendLearnerTest {
    static final int SEG = BlendLearner.segment(10, 100);

    /** parts: model, short, long, trending, cooccurrence, content */
    static double[] parts(double model, double shortI, double trend, double cooc) {
        return new double[] {model, shortI, 0, trend, cooc, 0};
    }

    @Test
    void aSignalThatMarksTheItemsTakenGainsWeightOneThatMarksTheOthersLoses() {
        BlendLearner l = new BlendLearner(0.05, 0.001);
        for (int i = 0; i < 500; i++) {
            // the item taken has co-occurrence, the items shown with it are trending
            l.observe(parts(0.5, 0.1, 0, 0.3), SEG, List.of(parts(0.5, 0.1, 0.2, 0), parts(0.6, 0.1, 0.2, 0)),
                    new int[] {SEG, SEG});
        }
        double[] w = l.weights(SEG);
        assertThat(w[4]).as("co-occurrence").isGreaterThan(1.5);
        assertThat(w[3]).as("trending").isLessThan(0.5);
        assertThat(w[0]).as("the model's weight is the fixed scale").isEqualTo(1);
        assertThat(w[2]).as("a signal no item had is left at the hand-set weight").isEqualTo(1);
        assertThat(w[5]).isEqualTo(1);
        for (double x : w) {
            assertThat(x).isBetween(0.0, BlendLearner.MAX);
        }
    }

    @Test
    void segmentsLearnApart() {
        BlendLearner l = new BlendLearner(0.05, 0.001);
        int newUser = BlendLearner.segment(0, 100);
        int coldItem = BlendLearner.segment(10, Double.NaN);
        assertThat(newUser).isNotEqualTo(SEG);
        assertThat(coldItem).isNotEqualTo(SEG).isNotEqualTo(newUser);
        for (int i = 0; i < 200; i++) {
            l.observe(parts(0.5, 0, 0.4, 0), newUser, List.of(parts(0.5, 0, 0, 0)), new int[] {newUser});
        }
        assertThat(l.weights(newUser)[3]).isGreaterThan(1);
        assertThat(l.weights(SEG)).containsOnly(1.0);
        assertThat(l.weights(coldItem)).containsOnly(1.0);
        assertThat(l.steps(SEG)).isZero();
    }

    @Test
    void theSameObservationsGiveTheSameWeights() {
        BlendLearner a = new BlendLearner(0.05, 0.001);
        BlendLearner b = new BlendLearner(0.05, 0.001);
        for (BlendLearner l : List.of(a, b)) {
            for (int i = 0; i < 50; i++) {
                l.observe(parts(0.1 * (i % 7), 0.2, 0.01 * i, 0.1), SEG, List.of(parts(0.3, 0.1, 0.2, 0)), new int[] {SEG});
            }
        }
        assertThat(a.weights(SEG)).containsExactly(b.weights(SEG));
    }

    @Test
    void segmentsFollowHistoryAndEvidenceBuckets() {
        assertThat(BlendLearner.segment(0, Double.NaN)).isEqualTo(0);
        assertThat(BlendLearner.segment(1, 4)).isEqualTo(0);
        assertThat(BlendLearner.segment(1, 5)).isEqualTo(1);
        assertThat(BlendLearner.segment(2, 50)).isEqualTo(5);
        assertThat(BlendLearner.segment(1_000, 1e6)).isEqualTo(BlendLearner.SEGMENTS - 1);
    }

    @Test
    void stateRoundTripContinuesExactlyAndSnapshotsEncodeAtFloatPrecision() {
        BlendLearner a = BlendLearner.defaults();
        for (int i = 0; i < 40; i++) {
            a.observe(parts(0.1 * (i % 5), 0.2, 0.01 * i, 0.1), SEG, List.of(parts(0.3, 0.1, 0.2, 0)), new int[] {SEG});
        }
        BlendLearner b = BlendLearner.fromBytes(a.toBytes());
        assertThat(b.version()).isEqualTo(40).isEqualTo(a.version());
        for (BlendLearner l : List.of(a, b)) {
            l.observe(parts(0.2, 0, 0.3, 0.4), SEG, List.of(parts(0.5, 0.3, 0, 0)), new int[] {SEG});
        }
        assertThat(b.weights(SEG)).containsExactly(a.weights(SEG));
        assertThat(b.steps(SEG)).isEqualTo(a.steps(SEG));
        assertThat(b.toBytes()).isEqualTo(a.toBytes());

        BlendWeights.Snapshot s = BlendWeights.Snapshot.decode(a.version(), a.snapshot().encode());
        assertThat(s.version()).isEqualTo(41);
        for (int seg = 0; seg < BlendLearner.SEGMENTS; seg++) {
            for (int k = 0; k < BlendLearner.N; k++) {
                assertThat(s.weights(seg)[k]).isEqualTo((float) a.weights(seg)[k]);
            }
        }
        assertThat(BlendWeights.Snapshot.HAND_SET.weights(SEG)).containsOnly(1.0);
    }

    @Test
    void malformedStateOrWeightsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BlendLearner.fromBytes(new byte[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BlendWeights.Snapshot.decode(1, new byte[12]))
                .hasMessageContaining("bytes");
        byte[] negative = BlendWeights.Snapshot.HAND_SET.encode();
        negative[3] = (byte) 0xBF; // the first weight's sign bit: −1
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BlendWeights.Snapshot.decode(1, negative))
                .hasMessageContaining("out of");
    }
}
