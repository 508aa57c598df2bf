package io.streamrec.flink.learn;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.kernel.TopK;
import io.streamrec.core.model.FactorInit;
import io.streamrec.core.model.FoldIn;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.model.MfModel;
import io.streamrec.core.model.NegativeSampler;
import io.streamrec.core.vector.ItemMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The user owner's half of a step, free of Flink. For one event of one user it
 * <ol>
 *   <li>optionally evaluates first (prequential): ranks the user's top-20 from the current state and
 *       records whether the event's item is in it;</li>
 *   <li>looks up the event's item and sampled negatives in the item cache (vectors published by the
 *       item side; an item not cached yet gets the same id-seeded start the item side gives it);</li>
 *   <li>updates the user vector: fold-in over the items touched for the user's first events, one SGD
 *       step afterwards;</li>
 *   <li>returns the gradient messages for the item owners.</li>
 * </ol>
 */
public final class UserSide {
    public static final int EVAL_K = 20;
    public static final int RECENT_MAX = 50;

    private final MfConfig config;
    private final MfModel model;
    private final EventWeights weights;
    private final NegativeSampler sampler;
    private final ItemMatrix items;
    private final float[] acc = new float[1];

    public UserSide(MfConfig config, EventWeights weights, NegativeSampler sampler, ItemMatrix items) {
        this.config = config;
        this.model = new MfModel(config);
        this.weights = weights;
        this.sampler = sampler;
        this.items = items;
    }

    /** What one event did. {@code hit} is null when the event was not evaluated. */
    public record Outcome(boolean applied, double loss, int cacheHits, int cacheMisses, Boolean hit,
                          List<ItemGradient> gradients) {}

    public UserState newState() {
        UserState s = new UserState();
        s.vec = model.newUser();
        s.acc = 1;
        return s;
    }

    /** Whether the event can be evaluated: a known user and an item it has not touched recently. */
    public static boolean evaluable(UserState s, Event e) {
        return s.version > 0 && !Arrays.asList(s.recent).contains(e.itemId);
    }

    /** Top-K items for a user vector, excluding {@code exclude}; item ids best first. */
    public List<String> topK(float[] user, int k, Set<String> exclude) {
        TopK heap = new TopK(k);
        items.topK(items.paddedQuery(user), heap, row -> exclude.contains(items.idAt(row)));
        List<String> out = new ArrayList<>(k);
        for (int row : heap.rowsDescending()) {
            out.add(items.idAt(row));
        }
        return out;
    }

    public Outcome apply(UserState s, Event e, boolean evaluate, SplittableRandom rnd) {
        float w = (float) weights.weight(e);
        Boolean hit = null;
        if (evaluate && w > 0 && evaluable(s, e)) {
            hit = topK(s.vec, EVAL_K, new HashSet<>(Arrays.asList(s.recent))).contains(e.itemId);
        }
        if (w == 0 || !Float.isFinite(w)) {
            return new Outcome(false, 0, 0, 0, hit, List.of());
        }
        List<String> ids = new ArrayList<>(1 + config.negatives());
        ids.add(e.itemId);
        if (w > 0 && config.negatives() > 0) {
            sampler.sample(rnd, e.itemId, config.negatives(), ids);
        }
        int n = ids.size();
        float[][] targets = new float[n][];
        int hits = 0;
        for (int k = 0; k < n; k++) {
            targets[k] = lookup(ids.get(k));
            hits += targets[k] != null ? 1 : 0;
            if (targets[k] == null) {
                targets[k] = FactorInit.item(ids.get(k), config);
            }
        }
        if (w > 0) {
            sampler.add(e.itemId);
        }

        float[] seen = s.vec.clone();
        float[] coef = new float[n];
        double loss;
        if (w > 0 && s.version < config.foldInEvents()) {
            remember(s, e.itemId, w);
            float[] folded = foldIn(s);
            if (folded == null) {
                return new Outcome(false, Double.NaN, hits, n - hits, hit, List.of());
            }
            seen = folded;
            loss = model.coefficients(folded, targets, n, w, coef);
            s.vec = folded;
        } else {
            acc[0] = s.acc;
            loss = model.userStep(s.vec, acc, targets, n, w, coef);
            if (Double.isNaN(loss)) {
                return new Outcome(false, Double.NaN, hits, n - hits, hit, List.of());
            }
            s.acc = acc[0];
            if (w > 0) {
                remember(s, e.itemId, w);
            }
        }
        s.version++;
        List<ItemGradient> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            if (coef[k] != 0 && Float.isFinite(coef[k])) {
                out.add(new ItemGradient(ids.get(k), k == 0 ? e.category : null, coef[k], seen, e.ts));
            }
        }
        return new Outcome(true, loss, hits, n - hits, hit, out);
    }

    private float[] lookup(String itemId) {
        float[] v = new float[config.width()];
        return items.copyInto(itemId, v) ? v : null;
    }

    private float[] foldIn(UserState s) {
        int n = s.recent.length;
        float[][] vs = new float[n][];
        for (int k = 0; k < n; k++) {
            float[] v = lookup(s.recent[k]);
            vs[k] = v != null ? v : FactorInit.item(s.recent[k], config);
        }
        return FoldIn.solve(vs, s.recentWeights, n, config.dim(), config.l2());
    }

    /** Adds or refreshes an item in the recent list (newest last, bounded). */
    static void remember(UserState s, String itemId, float w) {
        int i = Arrays.asList(s.recent).indexOf(itemId);
        List<String> items = new ArrayList<>(Arrays.asList(s.recent));
        List<Float> ws = new ArrayList<>();
        for (float f : s.recentWeights) {
            ws.add(f);
        }
        float weight = w;
        if (i >= 0) {
            weight += ws.get(i);
            items.remove(i);
            ws.remove(i);
        }
        items.add(itemId);
        ws.add(weight);
        while (items.size() > RECENT_MAX) {
            items.remove(0);
            ws.remove(0);
        }
        s.recent = items.toArray(new String[0]);
        s.recentWeights = new float[ws.size()];
        for (int k = 0; k < ws.size(); k++) {
            s.recentWeights[k] = ws.get(k);
        }
    }
}
