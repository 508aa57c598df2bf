package io.streamrec.bench;

import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Decayed popularity: every positive event adds its weight, decayed in event time (forward decay). */
final class PopularityScenario implements Recommender {
    private final ForwardDecay decay;
    private final EventWeights weights;
    private final Map<String, Double> score = new HashMap<>();
    private long landmark = Long.MIN_VALUE;
    private List<String> ranked;

    PopularityScenario(double halfLifeHours, EventWeights weights) {
        this.decay = ForwardDecay.ofHours(halfLifeHours);
        this.weights = weights;
    }

    @Override
    public String name() {
        return "popularity";
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
        double w = weights.weight(e);
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
