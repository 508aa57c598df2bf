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
 * catalogue (items in the data) that appeared in any top-20. Diversity is the mean share of pairs in a
 * list whose items are in different categories (pairs where both categories are known; an item's
 * category is the first the data names for it), novelty the mean −log2 of a recommended item's share
 * of the interactions so far ((count + 1) / (interactions + 1)).
 */
final class Prequential {
    private Prequential() {}

    static Map<String, Double> run(Recommender r, List<Event> events, EventWeights weights) {
        Map<String, Set<String>> seen = new HashMap<>();
        Set<String> catalogue = new HashSet<>();
        Set<String> recommended = new HashSet<>();
        long evaluable = 0, hits10 = 0, hits20 = 0;
        double ndcg = 0;
        Map<String, String> categoryOf = new HashMap<>();
        Map<String, Integer> count = new HashMap<>();
        long interactions = 0;
        double diversitySum = 0;
        long diversityLists = 0;
        double noveltySum = 0;
        long noveltyItems = 0;
        long t0 = System.nanoTime();
        for (Event e : events) {
            catalogue.add(e.itemId);
            Set<String> s = seen.get(e.userId);
            if (s != null && !s.contains(e.itemId) && weights.weight(e) > 0) {
                evaluable++;
                List<String> top = r.recommend(e.userId, 20, s, e.ts);
                recommended.addAll(top);
                long pairs = 0, different = 0;
                for (int i = 0; i < top.size(); i++) {
                    String ci = categoryOf.get(top.get(i));
                    for (int j = i + 1; j < top.size() && ci != null; j++) {
                        String cj = categoryOf.get(top.get(j));
                        if (cj != null) {
                            pairs++;
                            different += ci.equals(cj) ? 0 : 1;
                        }
                    }
                    noveltySum -= Math.log((count.getOrDefault(top.get(i), 0) + 1.0) / (interactions + 1.0)) / Math.log(2);
                    noveltyItems++;
                }
                if (pairs > 0) {
                    diversitySum += (double) different / pairs;
                    diversityLists++;
                }
                int rank = top.indexOf(e.itemId);
                if (rank >= 0) {
                    hits20++;
                    hits10 += rank < 10 ? 1 : 0;
                    ndcg += 1 / (Math.log(rank + 2) / Math.log(2));
                }
            }
            r.learn(e);
            if (e.category != null) {
                categoryOf.putIfAbsent(e.itemId, e.category);
            }
            if (weights.weight(e) > 0) {
                count.merge(e.itemId, 1, Integer::sum);
                interactions++;
            }
            seen.computeIfAbsent(e.userId, k -> new HashSet<>()).add(e.itemId);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("recall@10", evaluable == 0 ? 0 : (double) hits10 / evaluable);
        m.put("recall@20", evaluable == 0 ? 0 : (double) hits20 / evaluable);
        m.put("ndcg@20", evaluable == 0 ? 0 : ndcg / evaluable);
        m.put("coverage", catalogue.isEmpty() ? 0 : (double) recommended.size() / catalogue.size());
        m.put("diversity", diversityLists == 0 ? 0 : diversitySum / diversityLists);
        m.put("novelty", noveltyItems == 0 ? 0 : noveltySum / noveltyItems);
        m.put("evaluable", (double) evaluable);
        m.put("seconds", secs);
        return m;
    }
}
