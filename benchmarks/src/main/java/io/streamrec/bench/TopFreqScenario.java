package io.streamrec.bench;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * P-TopFreq and GP-TopFreq, the personal-frequency baselines of Li, Jullien, Ariannezhad and de Rijke,
 * "A Next Basket Recommendation Reality Check", ACM Transactions on Information Systems 41(4), 2023.
 * P-TopFreq recommends the user's own most frequent items: the items of the user's positive events,
 * by how many positive events the user had with each (the more recent last event first on a tie, then
 * the item id). GP-TopFreq fills the rest of the list with the globally most frequent items (count of
 * positive events, all time, kept sorted: O(log n) per event). Both leave the excluded items out, so
 * when every item the user touched is excluded P-TopFreq has nothing and GP-TopFreq is global
 * popularity.
 */
final class TopFreqScenario implements Recommender {
    private final String name;
    private final boolean global;
    private final EventWeights weights;
    /** Per user and item: {count, index of the last event}. */
    private final Map<String, Map<String, long[]>> personal = new HashMap<>();
    private final SortedScores counts = new SortedScores();
    private long index;

    private TopFreqScenario(String name, boolean global, EventWeights weights) {
        this.name = name;
        this.global = global;
        this.weights = weights;
    }

    /** P-TopFreq: the user's own items only. */
    static TopFreqScenario personal(EventWeights weights) {
        return new TopFreqScenario("p_topfreq", false, weights);
    }

    /** GP-TopFreq: the user's own items, then global popularity. */
    static TopFreqScenario withGlobal(EventWeights weights) {
        return new TopFreqScenario("gp_topfreq", true, weights);
    }

    /** Ranking reads only. */
    @Override
    public boolean rankingLeavesNoTrace() {
        return true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> recommend(String user, int k, Set<String> exclude, long now) {
        List<Map.Entry<String, long[]>> own = new ArrayList<>();
        for (Map.Entry<String, long[]> e : personal.getOrDefault(user, Map.of()).entrySet()) {
            if (!exclude.contains(e.getKey())) {
                own.add(e);
            }
        }
        own.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0])
                : a.getValue()[1] != b.getValue()[1] ? Long.compare(b.getValue()[1], a.getValue()[1])
                : a.getKey().compareTo(b.getKey()));
        List<String> out = new ArrayList<>(k);
        for (int i = 0; i < Math.min(k, own.size()); i++) {
            out.add(own.get(i).getKey());
        }
        if (global) {
            counts.fill(out, k, exclude);
        }
        return out;
    }

    @Override
    public void learn(Event e) {
        index++;
        if (weights.weight(e) <= 0) {
            return;
        }
        long[] c = personal.computeIfAbsent(e.userId, u -> new HashMap<>()).computeIfAbsent(e.itemId, i -> new long[2]);
        c[0]++;
        c[1] = index;
        counts.add(e.itemId, 1);
    }
}
