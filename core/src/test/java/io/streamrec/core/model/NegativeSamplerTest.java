package io.streamrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NegativeSamplerTest {
    @Test
    void neverReturnsThePositiveAndFollowsRecentPopularity() {
        NegativeSampler s = new NegativeSampler(1000);
        for (int i = 0; i < 1000; i++) {
            s.add(i % 10 < 7 ? "hot" : (i % 10 < 9 ? "warm" : "cold"));
        }
        SplittableRandom r = new SplittableRandom(1);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            List<String> out = new ArrayList<>();
            s.sample(r, "warm", 1, out);
            assertThat(out).doesNotContain("warm");
            out.forEach(x -> counts.merge(x, 1, Integer::sum));
        }
        assertThat(counts.get("hot")).isGreaterThan(counts.get("cold") * 4);
        List<String> many = new ArrayList<>();
        assertThat(s.sample(r, "hot", 4, many)).isEqualTo(2); // only warm and cold remain, distinct
        assertThat(many).containsExactlyInAnyOrder("warm", "cold");
    }

    @Test
    void theCatalogueShareDrawsDistinctRecentItemsUniformly() {
        NegativeSampler s = new NegativeSampler(1000, 0.0);
        for (int i = 0; i < 1000; i++) {
            s.add(i % 10 < 9 ? "hot" : "cold" + (i % 3));
        }
        SplittableRandom r = new SplittableRandom(2);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            List<String> out = new ArrayList<>();
            s.sample(r, "none", 1, out);
            out.forEach(x -> counts.merge(x, 1, Integer::sum));
        }
        // four distinct items, drawn about equally often despite "hot" filling 90% of the buffer
        assertThat(counts).containsOnlyKeys("hot", "cold0", "cold1", "cold2");
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(800, 1200));
    }

    @Test
    void forgetsOldPopularityAndSurvivesSnapshots() {
        NegativeSampler s = new NegativeSampler(3, 0.5);
        for (String x : new String[] {"a", "b", "c", "d", "e"}) {
            s.add(x);
        }
        assertThat(s.snapshot()).containsExactly("c", "d", "e");
        NegativeSampler t = new NegativeSampler(3, 0.5);
        t.restore(s.snapshot());
        assertThat(t.snapshot()).containsExactly("c", "d", "e");
        // a restored buffer (with the order of its distinct items) draws the same samples from the same random sequence
        NegativeSampler churned = new NegativeSampler(4, 0.0);
        for (String x : new String[] {"a", "b", "a", "c", "d", "e", "b", "f", "g"}) {
            churned.add(x);
        }
        NegativeSampler back = new NegativeSampler(4, 0.0);
        back.restore(churned.snapshot(), churned.distinctSnapshot());
        for (int seed = 0; seed < 20; seed++) {
            List<String> x1 = new ArrayList<>();
            List<String> x2 = new ArrayList<>();
            churned.sample(new SplittableRandom(seed), "none", 2, x1);
            back.sample(new SplittableRandom(seed), "none", 2, x2);
            assertThat(x2).isEqualTo(x1);
        }
        List<String> fromOriginal = new ArrayList<>();
        List<String> fromRestored = new ArrayList<>();
        s.sample(new SplittableRandom(5), "x", 2, fromOriginal);
        t.sample(new SplittableRandom(5), "x", 2, fromRestored);
        assertThat(fromRestored).isEqualTo(fromOriginal);
        NegativeSampler empty = new NegativeSampler(3);
        assertThat(empty.sample(new SplittableRandom(1), "a", 4, new ArrayList<>())).isZero();
    }
}
