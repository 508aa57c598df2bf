package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simulated A/B test's mechanism on trials whose truth is known (synthetic: no quality figure comes from here). */
class ExperimentBenchTest {

    static List<ExperimentBench.Trial> trials(double control, double treatment, int users, int perUser, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ExperimentBench.Trial> out = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < perUser; i++) {
                out.add(new ExperimentBench.Trial("u" + u, r.nextDouble() < control, r.nextDouble() < treatment));
            }
        }
        return out;
    }

    @Test
    void aRealDifferenceIsFoundWithTheRightSign() {
        Map<String, Double> m = ExperimentBench.ab(trials(0.05, 0.10, 2000, 5, 1), 10, 50, false);
        assertThat(m.get("significant_right_sign_share")).isGreaterThan(0.9);
        assertThat(m.get("significant_wrong_sign_share")).isZero();
        assertThat(m.get("median_lift")).isBetween(0.6, 1.4);
    }

    @Test
    void noDifferenceIsRarelySignificant() {
        Map<String, Double> m = ExperimentBench.ab(trials(0.05, 0.50, 2000, 5, 2), 10, 100, true);
        // A/A ignores the treatment's hits: both arms show control's list
        assertThat(m.get("false_positive_rate")).isLessThan(0.15);
    }

    @Test
    void theUserLevelTestSeesThroughCorrelatedImpressions() {
        // every user either always or never finds the item: impressions are not independent
        List<ExperimentBench.Trial> clustered = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(3);
        for (int u = 0; u < 400; u++) {
            boolean finds = r.nextDouble() < 0.3;
            for (int i = 0; i < 50; i++) {
                clustered.add(new ExperimentBench.Trial("u" + u, finds, finds));
            }
        }
        Map<String, Double> m = ExperimentBench.ab(clustered, 1, 100, true);
        assertThat(m.get("false_positive_rate_per_impression_test")).isGreaterThan(0.3);
        assertThat(m.get("false_positive_rate")).isLessThan(0.15);
    }

    @Test
    void median() {
        assertThat(ExperimentBench.median(new double[] {3, 1, 2, Double.NaN})).isEqualTo(2);
        assertThat(ExperimentBench.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
    }
}
