package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearnBenchTest {
    /** Looks {nanos, records read}: 1,000 records a second, looked at every 2 s from 0.5 s on. */
    static final List<long[]> LOOKS = List.of(new long[] {0, 500}, new long[] {2_000_000_000L, 2_500},
            new long[] {4_000_000_000L, 4_500}, new long[] {6_000_000_000L, 6_500});

    @Test
    void theTimeOfACountIsInterpolatedBetweenTheLooksAroundIt() {
        assertThat(LearnBench.when(LOOKS, 1_000)).isCloseTo(0.5e9, within(1.0));
        assertThat(LearnBench.when(LOOKS, 2_500)).isCloseTo(2e9, within(1.0));
        assertThat(LearnBench.when(LOOKS, 5_000)).isCloseTo(4.5e9, within(1.0));
    }

    @Test
    void countsOutsideTheLooksTakeTheFirstOrLastLook() {
        assertThat(LearnBench.when(LOOKS, 100)).isEqualTo(0.0);
        assertThat(LearnBench.when(LOOKS, 9_000)).isEqualTo(6e9);
    }

    @Test
    void aLookThatSawNoNewRecordsDoesNotDivideByZero() {
        List<long[]> stalled = List.of(new long[] {0, 0}, new long[] {1_000_000_000L, 1_000},
                new long[] {2_000_000_000L, 1_000}, new long[] {3_000_000_000L, 3_000});
        assertThat(LearnBench.when(stalled, 1_000)).isCloseTo(1e9, within(1.0));
        assertThat(LearnBench.when(stalled, 2_000)).isCloseTo(2.5e9, within(1.0));
    }
}
