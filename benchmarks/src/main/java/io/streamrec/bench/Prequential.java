package io.streamrec.bench;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prequential (test-then-learn) evaluation: every event is first used as a test case, then learned.
 * An event is evaluable when its user has been seen before, its item has not been seen by that user,
 * and it is positive feedback. For those, the scenario's top-20 (items the user already touched left
 * out) is checked for the event's item: recall@10, recall@20, NDCG@20. Coverage is the share of the
 * catalogue (items in the data) that appeared in any top-20.
 */
final class Prequential {
    private Prequential() {}

    static Map<String, Double> run(Recommender r, List<Event> events, EventWeights weights) {
        Map<String, Set<String>> seen = new HashMap<>();
        Set<String> catalogue = new HashSet<>();
        Set<String> recommended = new HashSet<>();
        long evaluable = 0, hits10 = 0, hits20 = 0;
        double ndcg = 0;
        long t0 = System.nanoTime();
        for (Event e : events) {
            catalogue.add(e.itemId);
            Set<String> s = seen.get(e.userId);
            if (s != null && !s.contains(e.itemId) && weights.weight(e) > 0) {
                evaluable++;
                List<String> top = r.recommend(e.userId, 20, s, e.ts);
                recommended.addAll(top);
                int rank = top.indexOf(e.itemId);
                if (rank >= 0) {
                    hits20++;
                    hits10 += rank < 10 ? 1 : 0;
                    ndcg += 1 / (Math.log(rank + 2) / Math.log(2));
                }
            }
            r.learn(e);
            seen.computeIfAbsent(e.userId, k -> new HashSet<>()).add(e.itemId);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("recall@10", evaluable == 0 ? 0 : (double) hits10 / evaluable);
        m.put("recall@20", evaluable == 0 ? 0 : (double) hits20 / evaluable);
        m.put("ndcg@20", evaluable == 0 ? 0 : ndcg / evaluable);
        m.put("coverage", catalogue.isEmpty() ? 0 : (double) recommended.size() / catalogue.size());
        m.put("evaluable", (double) evaluable);
        m.put("seconds", secs);
        return m;
    }
}
