package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PopularityScenarioTest {
    private static final EventWeights W = EventWeights.defaults();

    /** The baseline as it was before the sorted structure: every item re-sorted after each event. */
    static final class Resorting implements Recommender {
        private final ForwardDecay decay;
        private final Map<String, Double> score = new HashMap<>();
        private long landmark = Long.MIN_VALUE;
        private List<String> ranked;

        Resorting(double halfLifeHours) {
            this.decay = ForwardDecay.ofHours(halfLifeHours);
        }

        @Override
        public String name() {
            return "resorting";
        }

        @Override
        public List<String> recommend(String user, int k, Set<String> exclude, long now) {
            if (ranked == null) {
                ranked = new ArrayList<>(score.keySet());
                ranked.sort(Comparator.<String>comparingDouble(i -> -score.get(i)).thenComparing(i -> i));
            }
            List<String> out = new ArrayList<>(k);
            for (String i : ranked) {
                if (out.size() == k) {
                    break;
                }
                if (!exclude.contains(i)) {
                    out.add(i);
                }
            }
            return out;
        }

        @Override
        public void learn(Event e) {
            double w = W.weight(e);
            if (w <= 0) {
                return;
            }
            if (landmark == Long.MIN_VALUE) {
                landmark = e.ts;
            }
            if (decay.needsRebase(e.ts, landmark)) {
                double f = decay.factor(e.ts - landmark);
                score.replaceAll((k, v) -> v * f);
                landmark = e.ts;
            }
            score.merge(e.itemId, decay.store(w, e.ts, landmark), Double::sum);
            ranked = null;
        }
    }

    /** Integer weights and few items (many ties), a half-life of 36 s over 30 h (several rebases). */
    static List<Event> stream(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        EventType[] types = {EventType.VIEW, EventType.PURCHASE, EventType.ADD_TO_CART, EventType.REMOVE_FROM_CART,
                EventType.CLICK};
        List<Event> out = new ArrayList<>();
        long ts = 1_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            ts += r.nextInt(4) == 0 ? 0 : r.nextInt(60_000) * 3; // same-millisecond events too
            out.add(Event.of("u" + r.nextInt(40), "i" + r.nextInt(60), types[r.nextInt(types.length)], ts));
        }
        return out;
    }

    @Test
    void sortedStructureRanksExactlyAsResortingEveryEvent() {
        for (long seed = 1; seed <= 5; seed++) {
            List<Event> events = stream(seed, 3_000);
            PopularityScenario sorted = new PopularityScenario(0.01, W);
            Resorting reference = new Resorting(0.01);
            SplittableRandom r = new SplittableRandom(seed * 31);
            for (Event e : events) {
                Set<String> exclude = new HashSet<>();
                for (int j = r.nextInt(10); j > 0; j--) {
                    exclude.add("i" + r.nextInt(60));
                }
                int k = 1 + r.nextInt(25);
                assertThat(sorted.recommend(e.userId, k, exclude, e.ts))
                        .isEqualTo(reference.recommend(e.userId, k, exclude, e.ts));
                sorted.learn(e);
                reference.learn(e);
            }
        }
    }

    @Test
    void prequentialFiguresAreIdentical() {
        List<Event> events = stream(7, 5_000);
        Map<String, Double> a = Prequential.run(new PopularityScenario(168, W), events, W);
        Map<String, Double> b = Prequential.run(new Resorting(168), events, W);
        a.remove("seconds");
        b.remove("seconds");
        assertThat(a).isEqualTo(b);
        assertThat(a.get("evaluable")).isPositive();
        assertThat(a.get("recall@20")).isPositive();
    }

    @Test
    void ranksByDecayedWeightOnAHandMadeStream() {
        PopularityScenario p = new PopularityScenario(1, W); // half-life one hour
        long t = 1_700_000_000_000L;
        p.learn(Event.of("u1", "old", EventType.PURCHASE, t)); // 6, decays to 1.5 two hours later
        p.learn(Event.of("u2", "mid", EventType.ADD_TO_CART, t + 3_600_000)); // 4, decays to 2
        p.learn(Event.of("u3", "new", EventType.VIEW, t + 7_200_000)); // 1
        p.learn(Event.of("u3", "neg", EventType.REMOVE_FROM_CART, t + 7_200_000)); // ignored
        assertThat(p.recommend("u9", 10, Set.of(), t + 7_200_000)).containsExactly("mid", "old", "new");
        assertThat(p.recommend("u9", 2, Set.of("mid"), t + 7_200_000)).containsExactly("old", "new");
    }
}
