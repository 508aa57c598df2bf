package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.decay.ForwardDecay;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The trending candidates of {@link RankedScenario}: the sorted structure against the scan it replaced. */
class SortedScoresTest {

    /**
     * The scan {@code RankedScenario.top} made before the sorted structure: a heap of the {@code n}
     * best of every stored score, then sorted best first. {@code byId}: ties in item-id order (the
     * sorted structure's rule); otherwise the heap's and the hash map's order, as before.
     */
    static List<String> scan(Map<String, Double> stored, int n, Set<String> exclude, boolean byId) {
        Comparator<Map.Entry<String, Double>> worstFirst = byId
                ? Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry::getKey,
                        Comparator.<String>reverseOrder())
                : Map.Entry.comparingByValue();
        PriorityQueue<Map.Entry<String, Double>> heap = new PriorityQueue<>(worstFirst);
        for (Map.Entry<String, Double> e : stored.entrySet()) {
            if (exclude.contains(e.getKey())) {
                continue;
            }
            if (heap.size() < n) {
                heap.add(e);
            } else if (worstFirst.compare(e, heap.peek()) > 0) {
                heap.poll();
                heap.add(e);
            }
        }
        List<Map.Entry<String, Double>> best = new ArrayList<>(heap);
        best.sort(worstFirst.reversed());
        List<String> out = new ArrayList<>();
        best.forEach(e -> out.add(e.getKey()));
        return out;
    }

    /**
     * Trending as the served ranking keeps it (forward decay, rebased), both ways, on random streams:
     * integer weights, same-millisecond events and few items give ties; a half-life of 20 ms over
     * minutes gives many rebases. Every list at every step is checked.
     */
    @Test
    void bestIsExactlyTheScanWithTiesInIdOrder() {
        int ties = 0;
        for (long seed = 1; seed <= 6; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            ForwardDecay decay = new ForwardDecay(20);
            Map<String, Double> map = new HashMap<>();
            SortedScores sorted = new SortedScores();
            long landmark = Long.MIN_VALUE;
            long ts = 1_000_000_000_000L;
            int items = 20 + r.nextInt(80);
            for (int step = 0; step < 4_000; step++) {
                ts += r.nextInt(3) == 0 ? 0 : r.nextInt(200);
                String item = "i" + r.nextInt(items);
                double w = 1 + r.nextInt(3);
                if (landmark == Long.MIN_VALUE) {
                    landmark = ts;
                }
                if (decay.needsRebase(ts, landmark)) {
                    double f = decay.factor(ts - landmark);
                    map.replaceAll((i, x) -> x * f);
                    sorted.scaleAll(f);
                    landmark = ts;
                }
                double stored = decay.store(w, ts, landmark);
                map.merge(item, stored, Double::sum);
                sorted.add(item, stored);

                Set<String> exclude = new HashSet<>();
                for (int j = r.nextInt(8); j > 0; j--) {
                    exclude.add("i" + r.nextInt(items));
                }
                int n = 1 + r.nextInt(40);
                List<String> best = sorted.best(n, exclude);
                assertThat(best).isEqualTo(scan(map, n, exclude, true));
                // against the old scan as it was: the same scores rank by rank, only tied items may swap
                List<String> old = scan(map, n, exclude, false);
                assertThat(best.stream().map(map::get).toList()).isEqualTo(old.stream().map(map::get).toList());
                if (!best.equals(old)) {
                    ties++;
                }
                for (String i : best) {
                    assertThat(sorted.score(i)).isEqualTo(map.get(i));
                }
            }
        }
        assertThat(ties).as("the streams make ties the two orders break differently").isPositive();
    }

    @Test
    void bestSkipsExcludedItemsAndStopsAtN() {
        SortedScores s = new SortedScores();
        s.add("a", 1);
        s.add("b", 3);
        s.add("c", 2);
        s.add("d", 2);
        s.add("a", 2.5); // a: 3.5
        assertThat(s.best(10, Set.of())).containsExactly("a", "b", "c", "d");
        assertThat(s.best(2, Set.of("a"))).containsExactly("b", "c");
        assertThat(s.best(2, Set.of("c"))).containsExactly("a", "b");
        s.scaleAll(0.5);
        assertThat(s.best(3, Set.of("b"))).containsExactly("a", "c", "d");
        assertThat(s.score("a")).isEqualTo(1.75);
        assertThat(new SortedScores().best(5, Set.of())).isEmpty();
    }
}
