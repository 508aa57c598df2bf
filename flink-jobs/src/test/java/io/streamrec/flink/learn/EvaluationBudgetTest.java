package io.streamrec.flink.learn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvaluationBudgetTest {

    private static int runs(EvaluationBudget b, long now, int asked) {
        int ran = 0;
        for (int i = 0; i < asked; i++) {
            if (b.available(now)) {
                b.spend();
                ran++;
            }
        }
        return ran;
    }

    @Test
    void allowsAtMostItsRateInEachSecond() {
        EvaluationBudget b = new EvaluationBudget(3);
        assertThat(runs(b, 10_000, 10)).isEqualTo(3);
        assertThat(runs(b, 10_999, 10)).as("the same second").isZero();
        assertThat(runs(b, 11_000, 10)).as("the next second").isEqualTo(3);
        assertThat(runs(b, 11_500, 1)).isZero();
    }

    @Test
    void anEvaluationNotRunSpendsNothing() {
        EvaluationBudget b = new EvaluationBudget(2);
        for (int i = 0; i < 100; i++) {
            assertThat(b.available(5_000)).as("asked, not spent").isTrue();
        }
        assertThat(runs(b, 5_000, 5)).isEqualTo(2);
    }

    @Test
    void zeroMeansNoLimit() {
        assertThat(runs(new EvaluationBudget(0), 0, 1000)).isEqualTo(1000);
    }

    @Test
    void aClockThatGoesBackStartsANewSecond() {
        EvaluationBudget b = new EvaluationBudget(1);
        assertThat(runs(b, 50_000, 5)).isEqualTo(1);
        assertThat(runs(b, 40_000, 5)).isEqualTo(1);
    }
}
