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

    /** A catalogue of ids by row, as the item cache is one. */
    record Rows(List<String> ids) implements NegativeSampler.Catalogue {
        @Override
        public int size() {
            return ids.size();
        }

        @Override
        public String idAt(int index) {
            return ids.get(index);
        }
    }

    /**
     * Drawing with rows draws the same items as without, in the same order (by row where both rows are known,
     * by id where one was drawn from the buffer), and names the catalogue row of each item drawn from it.
     */
    @Test
    void drawsWithRowsAreTheSameDrawsAndNameTheirRows() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add("item-" + i);
        }
        Rows catalogue = new Rows(ids);
        for (double share : new double[] {0.0, 0.5}) {
            NegativeSampler s = new NegativeSampler(50, share).withCatalogue(catalogue);
            SplittableRandom events = new SplittableRandom(3);
            for (int i = 0; i < 200; i++) {
                s.add("item-" + events.nextInt(6)); // the buffer holds the first half only
            }
            for (int seed = 0; seed < 300; seed++) {
                String exclude = seed % 3 == 0 ? "unpublished" : "item-" + (seed % 12);
                int excludeRow = ids.indexOf(exclude); // -1 for the unpublished item
                List<String> plain = new ArrayList<>(List.of(exclude));
                s.sample(new SplittableRandom(seed), exclude, 8, plain);
                List<String> withRows = new ArrayList<>(List.of(exclude));
                int[] rows = new int[9];
                rows[0] = excludeRow;
                s.sample(new SplittableRandom(seed), exclude, excludeRow, 8, withRows, rows);

                assertThat(withRows).as("share %s seed %d", share, seed).isEqualTo(plain).doesNotHaveDuplicates();
                for (int i = 1; i < withRows.size(); i++) {
                    assertThat(rows[i] == NegativeSampler.UNKNOWN_ROW || ids.get(rows[i]).equals(withRows.get(i)))
                            .as("row %d of %s", rows[i], withRows.get(i)).isTrue();
                }
                if (share == 0.0) {
                    assertThat(rows).as("all from the catalogue").satisfies(r -> {
                        for (int i = 1; i < withRows.size(); i++) {
                            assertThat(r[i]).isEqualTo(ids.indexOf(withRows.get(i)));
                        }
                    });
                }
            }
        }
    }
}
