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
    static Map<String, Double> run(Recommender r, List<Event> events, EventWeights weights) {
        Prequential p = new Prequential(r, weights);
        long t0 = System.nanoTime();
        for (Event e : events) {
            p.before(e);
            r.learn(e);
            p.after(e);
        }
        return p.result((System.nanoTime() - t0) / 1e9);
    }

    private final Recommender r;
    private final EventWeights weights;
    private final Map<String, Set<String>> seen = new HashMap<>();
    private final Set<String> catalogue = new HashSet<>();
    private final Set<String> recommended = new HashSet<>();
    private long evaluable = 0, hits10 = 0, hits20 = 0;
    private double ndcg = 0;
    private final Map<String, String> categoryOf = new HashMap<>();
    private final Map<String, Integer> count = new HashMap<>();
    private long interactions = 0;
    private double diversitySum = 0;
    private long diversityLists = 0;
    private double noveltySum = 0;
    private long noveltyItems = 0;
    /** Evaluable events whose item had fewer than {@link #COLD_INTERACTIONS} positive interactions before. */
    static final int COLD_INTERACTIONS = 5;
    private long coldEvaluable = 0, coldHits20 = 0;
    /** Evaluable events whose user had fewer than {@link #NEW_USER_EVENTS} events before (any type). */
    static final int NEW_USER_EVENTS = 5;
    private final Map<String, Integer> userEvents = new HashMap<>();
    private long newUserEvaluable = 0, newUserHits20 = 0;
    private double newUserNdcg = 0;

    /** The protocol over {@code r}, driven event by event ({@link #before}, learn, {@link #after}). */
    Prequential(Recommender r, EventWeights weights) {
        this.r = r;
        this.weights = weights;
    }

    /** Before {@code e} is learned: evaluates it when it is evaluable. */
    void before(Event e) {
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
            if (count.getOrDefault(e.itemId, 0) < COLD_INTERACTIONS) {
                coldEvaluable++;
                coldHits20 += rank >= 0 ? 1 : 0;
            }
            if (userEvents.getOrDefault(e.userId, 0) < NEW_USER_EVENTS) {
                newUserEvaluable++;
                newUserHits20 += rank >= 0 ? 1 : 0;
                newUserNdcg += rank >= 0 ? 1 / (Math.log(rank + 2) / Math.log(2)) : 0;
            }
            if (rank >= 0) {
                hits20++;
                hits10 += rank < 10 ? 1 : 0;
                ndcg += 1 / (Math.log(rank + 2) / Math.log(2));
            }
        }
    }

    /** After {@code e} is learned. */
    void after(Event e) {
        if (e.category != null) {
            categoryOf.putIfAbsent(e.itemId, e.category);
        }
        if (weights.weight(e) > 0) {
            count.merge(e.itemId, 1, Integer::sum);
            interactions++;
        }
        seen.computeIfAbsent(e.userId, k -> new HashSet<>()).add(e.itemId);
        userEvents.merge(e.userId, 1, Integer::sum);
    }

    Map<String, Double> result(double secs) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("recall@10", evaluable == 0 ? 0 : (double) hits10 / evaluable);
        m.put("recall@20", evaluable == 0 ? 0 : (double) hits20 / evaluable);
        m.put("ndcg@20", evaluable == 0 ? 0 : ndcg / evaluable);
        m.put("coverage", catalogue.isEmpty() ? 0 : (double) recommended.size() / catalogue.size());
        m.put("diversity", diversityLists == 0 ? 0 : diversitySum / diversityLists);
        m.put("novelty", noveltyItems == 0 ? 0 : noveltySum / noveltyItems);
        m.put("evaluable", (double) evaluable);
        m.put("cold_recall@20", coldEvaluable == 0 ? 0 : (double) coldHits20 / coldEvaluable);
        m.put("cold_evaluable", (double) coldEvaluable);
        m.put("new_user_recall@20", newUserEvaluable == 0 ? 0 : (double) newUserHits20 / newUserEvaluable);
        m.put("new_user_ndcg@20", newUserEvaluable == 0 ? 0 : newUserNdcg / newUserEvaluable);
        m.put("new_user_evaluable", (double) newUserEvaluable);
        m.put("seconds", secs);
        return m;
    }
}
