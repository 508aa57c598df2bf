package io.streamrec.core.decay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogDecayTest {
    static final double H = 3_600_000d;

    @Test
    void equalsEagerDecayInAnyOrderAndOnlyGrows() {
        long t0 = 1_700_000_000_000L;
        long[] ts = {t0, t0 + 1_800_000, t0 + 7_200_000, t0 + 100};
        double[] w = {2, 1, 4, 0.5};
        double forward = Double.NEGATIVE_INFINITY, backward = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ts.length; i++) {
            double before = forward;
            forward = LogDecay.add(forward, w[i], ts[i], H);
            assertThat(forward).isGreaterThan(before);
            backward = LogDecay.add(backward, w[ts.length - 1 - i], ts[ts.length - 1 - i], H);
        }
        assertThat(forward).isCloseTo(backward, within(1e-9));
        long now = t0 + 10_800_000;
        double eager = 0;
        for (int i = 0; i < ts.length; i++) {
            eager += w[i] * Math.pow(0.5, (now - ts[i]) / H);
        }
        assertThat(LogDecay.valueAt(forward, now, H)).isCloseTo(eager, within(1e-9 * eager));
        // one unit an hour ago is worth half a unit now
        assertThat(LogDecay.valueAt(LogDecay.add(Double.NEGATIVE_INFINITY, 1, now - 3_600_000, H), now, H))
                .isCloseTo(0.5, within(1e-9));
    }
}
