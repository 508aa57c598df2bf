package io.streamrec.core.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThompsonSamplerTest {
    @Test
    void betaDrawsHaveTheRightMean() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (double[] ab : new double[][] {{1, 1}, {2, 8}, {30, 10}, {0.5, 0.5}}) {
            double sum = 0;
            int n = 40_000;
            for (int i = 0; i < n; i++) {
                double x = ThompsonSampler.beta(ab[0], ab[1], rnd);
                assertThat(x).isBetween(0.0, 1.0);
                sum += x;
            }
            assertThat(sum / n).isCloseTo(ab[0] / (ab[0] + ab[1]), within(0.01));
        }
    }

    @Test
    void theSameSeedGivesTheSameChoices() {
        Map<String, ThompsonSampler.Arm> arms = Map.of("a", new ThompsonSampler.Arm(10, 2), "b", new ThompsonSampler.Arm(3, 1));
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        SplittableRandom r1 = new SplittableRandom(99);
        SplittableRandom r2 = new SplittableRandom(99);
        for (int i = 0; i < 50; i++) {
            first.add(ThompsonSampler.choose(List.of("a", "b", "c"), arms, r1));
            second.add(ThompsonSampler.choose(List.of("a", "b", "c"), arms, r2));
        }
        assertThat(first).isEqualTo(second);
        assertThat(ThompsonSampler.choose(List.of(), arms, r1)).isNull();
    }

    @Test
    void convergesToTheBestArmOnSimulatedFeedback() {
        double[] clickRate = {0.02, 0.05, 0.12, 0.04};
        String[] names = {"a", "b", "best", "d"};
        Map<String, ThompsonSampler.Arm> feedback = new HashMap<>();
        SplittableRandom rnd = new SplittableRandom(7);
        SplittableRandom world = new SplittableRandom(8);
        int lastThousandBest = 0;
        for (int t = 0; t < 5000; t++) {
            String arm = ThompsonSampler.choose(List.of(names), feedback, rnd);
            int i = List.of(names).indexOf(arm);
            boolean click = world.nextDouble() < clickRate[i];
            ThompsonSampler.Arm old = feedback.getOrDefault(arm, new ThompsonSampler.Arm(0, 0));
            feedback.put(arm, new ThompsonSampler.Arm(old.impressions() + 1, old.clicks() + (click ? 1 : 0)));
            if (t >= 4000 && arm.equals("best")) {
                lastThousandBest++;
            }
        }
        assertThat(lastThousandBest).as("the best arm's share of the last 1000 choices").isGreaterThan(800);
        assertThat(feedback.get("best").impressions()).isGreaterThan(feedback.get("a").impressions() * 5);
    }
}
