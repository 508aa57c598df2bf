package io.streamrec.core.decay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ForwardDecayTest {
    final ForwardDecay d = ForwardDecay.ofHours(1);

    @Test
    void halvesEveryHalfLife() {
        long landmark = 1_000_000;
        double stored = d.store(8, landmark, landmark);
        assertThat(d.valueAt(stored, landmark, landmark + 3_600_000)).isCloseTo(4, within(1e-12));
        assertThat(d.valueAt(stored, landmark, landmark + 3 * 3_600_000)).isCloseTo(1, within(1e-12));
    }

    @Test
    void sumIsIndependentOfArrivalOrderAndEqualsEagerDecay() {
        long landmark = 0;
        long[] times = {5_000_000, 100, 9_000_000, 3_600_000};
        double[] w = {1, 2, 3, 4};
        double forward = 0, backward = 0;
        for (int i = 0; i < times.length; i++) {
            forward += d.store(w[i], times[i], landmark);
            backward += d.store(w[times.length - 1 - i], times[times.length - 1 - i], landmark);
        }
        long at = 10_000_000;
        double eager = 0;
        for (int i = 0; i < times.length; i++) {
            eager += w[i] * Math.pow(0.5, (at - times[i]) / 3_600_000d);
        }
        assertThat(d.valueAt(forward, landmark, at)).isCloseTo(eager, within(1e-9));
        assertThat(forward).isCloseTo(backward, within(1e-9));
    }

    @Test
    void rebaseIsNeededOnlyFarFromTheLandmark() {
        assertThat(d.needsRebase(0, 0)).isFalse();
        assertThat(d.needsRebase((long) (901 * 3_600_000d), 0)).isTrue();
        assertThat(d.needsRebase(0, (long) (901 * 3_600_000d))).as("never back in time").isFalse();
    }
}
