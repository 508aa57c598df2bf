package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.kernel.VectorKernels;
import io.streamrec.core.model.FactorInit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsgdScenarioTest {
    private static final EventWeights W = EventWeights.defaults();

    /** ISGD as it was before its vectors moved into one array: a hash map of arrays and a queue of entries. */
    static final class MapIsgd implements Recommender {
        private final int d;
        private final float eta;
        private final float lambda;
        private final Map<String, float[]> users = new HashMap<>();
        private final Map<String, float[]> items = new HashMap<>();

        MapIsgd(int d, float eta, float lambda) {
            this.d = d;
            this.eta = eta;
            this.lambda = lambda;
        }

        @Override
        public String name() {
            return "isgd-map";
        }

        private float[] vec(Map<String, float[]> m, String id, long salt) {
            return m.computeIfAbsent(id, k -> {
                SplittableRandom r = new SplittableRandom(FactorInit.hash(k) ^ salt);
                float[] v = new float[d];
                for (int j = 0; j < d; j++) {
                    v[j] = (float) (r.nextGaussian() * 0.1);
                }
                return v;
            });
        }

        @Override
        public List<String> recommend(String user, int k, Set<String> exclude, long now) {
            float[] u = users.get(user);
            if (u == null) {
                return List.of();
            }
            PriorityQueue<Map.Entry<String, Float>> heap = new PriorityQueue<>((a, b) -> Float.compare(b.getValue(),
                    a.getValue()));
            for (Map.Entry<String, float[]> e : items.entrySet()) {
                if (exclude.contains(e.getKey())) {
                    continue;
                }
                float dist = Math.abs(1 - VectorKernels.dot(u, e.getValue()));
                if (heap.size() < k) {
                    heap.add(Map.entry(e.getKey(), dist));
                } else if (dist < heap.peek().getValue()) {
                    heap.poll();
                    heap.add(Map.entry(e.getKey(), dist));
                }
            }
            List<Map.Entry<String, Float>> sorted = new ArrayList<>(heap);
            sorted.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                    : Float.compare(a.getValue(), b.getValue()));
            List<String> out = new ArrayList<>(sorted.size());
            sorted.forEach(e -> out.add(e.getKey()));
            return out;
        }

        @Override
        public void learn(Event e) {
            if (W.weight(e) <= 0) {
                return;
            }
            float[] u = vec(users, e.userId, 1);
            float[] v = vec(items, e.itemId, 2);
            float err = 1 - VectorKernels.dot(u, v);
            for (int j = 0; j < d; j++) {
                float uj = u[j];
                u[j] += eta * (err * v[j] - lambda * uj);
                v[j] += eta * (err * uj - lambda * v[j]);
            }
        }
    }

    /** Every list at every step, on random streams with every event type (negatives are not learned). */
    @Test
    void ranksExactlyAsTheMapImplementation() {
        for (long seed = 1; seed <= 4; seed++) {
            List<Event> events = PopularityScenarioTest.stream(seed, 3_000);
            IsgdScenario array = new IsgdScenario(16, 0.05f, 0.01f, W);
            MapIsgd reference = new MapIsgd(16, 0.05f, 0.01f);
            SplittableRandom r = new SplittableRandom(seed * 17);
            int lists = 0;
            for (Event e : events) {
                Set<String> exclude = new HashSet<>();
                for (int j = r.nextInt(10); j > 0; j--) {
                    exclude.add("i" + r.nextInt(60));
                }
                int k = 1 + r.nextInt(25);
                List<String> got = array.recommend(e.userId, k, exclude, e.ts);
                assertThat(got).isEqualTo(reference.recommend(e.userId, k, exclude, e.ts));
                lists += got.isEmpty() ? 0 : 1;
                array.learn(e);
                reference.learn(e);
            }
            assertThat(lists).isGreaterThan(2_000);
        }
    }

    @Test
    void prequentialFiguresAreIdentical() {
        List<Event> events = PopularityScenarioTest.stream(9, 5_000);
        Map<String, Double> a = Prequential.run(new IsgdScenario(64, 0.05f, 0.01f, W), events, W);
        Map<String, Double> b = Prequential.run(new MapIsgd(64, 0.05f, 0.01f), events, W);
        a.remove("seconds");
        b.remove("seconds");
        assertThat(a).isEqualTo(b);
        assertThat(a.get("evaluable")).isPositive();
    }

    @Test
    void anUnknownUserGetsNothingAndExcludedItemsNeverShow() {
        IsgdScenario s = new IsgdScenario(8, 0.05f, 0.01f, W);
        long t = 1_700_000_000_000L;
        for (int i = 0; i < 30; i++) {
            s.learn(Event.of("u", "i" + i, io.streamrec.core.event.EventType.PURCHASE, t + i));
        }
        assertThat(s.recommend("nobody", 5, Set.of(), t)).isEmpty();
        assertThat(s.recommend("u", 40, Set.of(), t)).hasSize(30).doesNotHaveDuplicates();
        assertThat(s.recommend("u", 10, Set.of("i1", "i2"), t)).hasSize(10).doesNotContain("i1", "i2");
    }
}
