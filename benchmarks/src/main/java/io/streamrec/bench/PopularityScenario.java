package io.streamrec.bench;

import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decayed popularity: every positive event adds its weight, decayed in event time (forward decay).
 * The items are kept sorted by score ({@link SortedScores}): O(log n) per event.
 */
final class PopularityScenario implements Recommender {
    private final String name;
    private final ForwardDecay decay;
    private final EventWeights weights;
    private final SortedScores score = new SortedScores();
    private long landmark = Long.MIN_VALUE;

    PopularityScenario(double halfLifeHours, EventWeights weights) {
        this("popularity", halfLifeHours, weights);
    }

    PopularityScenario(String name, double halfLifeHours, EventWeights weights) {
        this.name = name;
        this.decay = ForwardDecay.ofHours(halfLifeHours);
        this.weights = weights;
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
        List<String> out = new ArrayList<>(k);
        score.fill(out, k, exclude);
        return out;
    }

    @Override
    public void learn(Event e) {
        double w = weights.weight(e);
        if (w <= 0) {
            return;
        }
        if (landmark == Long.MIN_VALUE) {
            landmark = e.ts;
        }
        if (decay.needsRebase(e.ts, landmark)) {
            double f = decay.factor(e.ts - landmark);
            score.scaleAll(f);
            landmark = e.ts;
        }
        score.add(e.itemId, decay.store(w, e.ts, landmark));
    }
}
