package io.streamrec.bench;

import io.streamrec.core.event.Event;
import io.streamrec.core.model.Repurchase;
import io.streamrec.core.model.RepurchaseState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The buy-again list alone ({@code buy_again}): each user's {@link Repurchase} cycles, as the job keeps
 * them and {@code GET /v1/users/{userId}/buy-again} ranks them, with nothing after them. Beside
 * {@code p_topfreq} it tells how well the re-purchase model orders a user's own items, apart from what
 * fills the rest of a served list ({@code full+repeats}).
 */
final class BuyAgainScenario implements Recommender {
    private final Repurchase model;
    private final Map<String, RepurchaseState> states = new HashMap<>();

    BuyAgainScenario(Repurchase model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "buy_again";
    }

    /** Ranking reads only. */
    @Override
    public boolean rankingLeavesNoTrace() {
        return true;
    }

    @Override
    public List<String> recommend(String user, int k, Set<String> exclude, long now) {
        RepurchaseState s = states.get(user);
        List<String> out = new ArrayList<>(k);
        if (s == null) {
            return out;
        }
        for (Repurchase.Scored r : model.topK(s, now, k, id -> !exclude.contains(id))) {
            out.add(r.itemId());
        }
        return out;
    }

    @Override
    public void learn(Event e) {
        if (Repurchase.concerns(e)) {
            model.update(states.computeIfAbsent(e.userId, u -> new RepurchaseState()), e);
        }
    }
}
