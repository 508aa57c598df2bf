package io.streamrec.bench;

import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.interest.ArmFeedback;
import io.streamrec.core.interest.CategoryInterests;
import io.streamrec.core.kernel.TopK;
import io.streamrec.core.rank.InterestProfile;
import io.streamrec.core.rank.RankConfig;
import io.streamrec.core.rank.Ranker;
import io.streamrec.core.rank.ThompsonSampler;
import io.streamrec.core.vector.ItemMatrix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * streamrec as the API serves it: the online model ({@link StreamrecScenario}) plus what the job
 * publishes besides the vectors (per-user category interests at two half-lives, trending overall and
 * per category, exploration feedback per category), assembled by the same {@link Ranker} with the
 * same candidates as {@code RecommendationService}: the model's best {@code candidates} items,
 * trending overall, trending in the user's strongest categories. The {@link RankConfig} decides which
 * parts count, which is how the ablation scenarios differ.
 *
 * <p>The item catalogue's category is the first category the data names for the item. Exploration
 * feedback is simulated the way a shop produces it: every explored category counts an impression, and
 * a click when the user's next positive event falls in that category.
 */
final class RankedScenario implements Recommender {
    static final int TRENDING_CANDIDATES = 100;
    static final int CATEGORY_CANDIDATES = 30;
    static final int STRONGEST = 3;
    static final double TRENDING_HALF_LIFE_MS = 24 * 3_600_000d;

    private final String name;
    private final StreamrecScenario model;
    private final Ranker ranker;
    private final EventWeights weights;
    private final int candidates;
    private final CategoryInterests interests = new CategoryInterests(30 * 60_000d, 14 * 86_400_000d, 20);
    private final Map<String, CategoryInterests.State> interestOf = new HashMap<>();
    private final Map<String, String> categoryOf = new HashMap<>();
    private final ForwardDecay trendDecay = new ForwardDecay(TRENDING_HALF_LIFE_MS);
    private final Map<String, Double> trend = new HashMap<>();
    private final Map<String, Map<String, Double>> trendIn = new HashMap<>();
    private long trendLandmark = Long.MIN_VALUE;
    private final ArmFeedback feedback = new ArmFeedback(7 * 86_400_000d);
    private final Map<String, ArmFeedback.State> arms = new HashMap<>();
    private final Map<String, Set<String>> exploredFor = new HashMap<>();
    private final SplittableRandom rnd = new SplittableRandom(2024);

    RankedScenario(String name, StreamrecScenario model, RankConfig config, EventWeights weights, int candidates) {
        this.name = name;
        this.model = model;
        this.ranker = new Ranker(config);
        this.weights = weights;
        this.candidates = candidates;
    }

    @Override
    public String name() {
        return name;
    }

    /** The bench's catalogue: the first category the data names for each item. */
    String category(String item) {
        return categoryOf.get(item);
    }

    @Override
    public List<String> recommend(String user, int k, Set<String> exclude, long now) {
        float[] query = model.queryOf(user, now);
        CategoryInterests.State st = interestOf.get(user);
        InterestProfile profile = st == null ? InterestProfile.EMPTY : profile(interests.at(st, now));

        Set<String> ids = new LinkedHashSet<>();
        ItemMatrix published = model.published();
        if (query != null) {
            TopK heap = new TopK(candidates);
            published.topK(query, heap, row -> exclude.contains(published.idAt(row)));
            for (int row : heap.rowsDescending()) {
                ids.add(published.idAt(row));
            }
        }
        Map<String, Double> trendNow = new HashMap<>();
        top(trend, TRENDING_CANDIDATES, exclude, ids, trendNow, now);
        Set<String> strongest = new LinkedHashSet<>(profile.strongest(false, STRONGEST));
        strongest.addAll(profile.strongest(true, STRONGEST));
        for (String c : strongest) {
            top(trendIn.getOrDefault(c, Map.of()), CATEGORY_CANDIDATES, exclude, ids, trendNow, now);
        }
        List<Ranker.Candidate> cands = new ArrayList<>(ids.size());
        float[] v = new float[published.width()];
        for (String id : ids) {
            double score = Double.NaN;
            float[] factors = null;
            if (published.copyInto(id, v)) {
                factors = java.util.Arrays.copyOf(v, v.length - 1);
                if (query != null) {
                    score = io.streamrec.core.kernel.VectorKernels.dot(query, v);
                }
            }
            cands.add(new Ranker.Candidate(id, categoryOf.get(id), score, trendNow.getOrDefault(id, 0.0), factors));
        }
        Map<String, ThompsonSampler.Arm> armsNow = new HashMap<>();
        arms.forEach((c, s) -> {
            double[] f = feedback.at(s, now);
            armsNow.put(c, new ThompsonSampler.Arm(f[0], f[1]));
        });
        Ranker.Exploration exploration = new Ranker.Exploration(trendIn.keySet(), armsNow, c -> {
            Map<String, Double> into = new HashMap<>();
            Set<String> got = new LinkedHashSet<>();
            top(trendIn.getOrDefault(c, Map.of()), 5, exclude, got, into, now);
            List<Ranker.Candidate> out = new ArrayList<>();
            for (String id : got) {
                out.add(new Ranker.Candidate(id, c, Double.NaN, into.get(id), null));
            }
            return out;
        });
        List<String> out = new ArrayList<>(k);
        Set<String> explored = new HashSet<>();
        for (Ranker.Ranked r : ranker.rank(cands, profile, model.historyOf(user), k, exploration, rnd, true)) {
            out.add(r.itemId());
            if (r.reasons().get(0).startsWith("exploring")) {
                String c = categoryOf.get(r.itemId());
                if (c != null) {
                    explored.add(c);
                    impression(c, now);
                }
            }
        }
        exploredFor.put(user, explored);
        return out;
    }

    private static InterestProfile profile(CategoryInterests.Snapshot s) {
        Map<String, Double> sh = new HashMap<>();
        Map<String, Double> lo = new HashMap<>();
        for (int i = 0; i < s.categories().length; i++) {
            sh.put(s.categories()[i], s.shortWeights()[i]);
            lo.put(s.categories()[i], s.longWeights()[i]);
        }
        return new InterestProfile(sh, lo);
    }

    /** The {@code n} most popular of {@code stored} not excluded; their popularity now goes to {@code values}. */
    private void top(Map<String, Double> stored, int n, Set<String> exclude, Set<String> into, Map<String, Double> values,
                     long now) {
        PriorityQueue<Map.Entry<String, Double>> heap = new PriorityQueue<>(Map.Entry.comparingByValue());
        for (Map.Entry<String, Double> e : stored.entrySet()) {
            if (exclude.contains(e.getKey())) {
                continue;
            }
            if (heap.size() < n) {
                heap.add(e);
            } else if (e.getValue() > heap.peek().getValue()) {
                heap.poll();
                heap.add(e);
            }
        }
        List<Map.Entry<String, Double>> best = new ArrayList<>(heap);
        best.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        for (Map.Entry<String, Double> e : best) {
            into.add(e.getKey());
            values.put(e.getKey(), trendDecay.valueAt(e.getValue(), trendLandmark, now));
        }
    }

    private void impression(String category, long now) {
        feedback.apply(arms.computeIfAbsent(category, c -> new ArmFeedback.State()),
                new Event(null, "bench", "explored", io.streamrec.core.event.EventType.IMPRESSION, now, null, category, null));
    }

    @Override
    public void learn(Event e) {
        model.learn(e);
        if (e.category != null) {
            categoryOf.putIfAbsent(e.itemId, e.category);
        }
        String category = categoryOf.get(e.itemId);
        double w = weights.weight(e);
        // exploration feedback: the user's next positive event lands in a category we explored for them
        Set<String> explored = exploredFor.remove(e.userId);
        if (explored != null && w > 0 && category != null && explored.contains(category)) {
            feedback.apply(arms.computeIfAbsent(category, c -> new ArmFeedback.State()),
                    new Event(null, e.userId, e.itemId, io.streamrec.core.event.EventType.CLICK, e.ts, null, category, null));
        }
        interests.add(interestOf.computeIfAbsent(e.userId, u -> new CategoryInterests.State()), category, w, e.ts);
        if (w > 0) {
            if (trendLandmark == Long.MIN_VALUE) {
                trendLandmark = e.ts;
            }
            if (trendDecay.needsRebase(e.ts, trendLandmark)) {
                double f = trendDecay.factor(e.ts - trendLandmark);
                trend.replaceAll((i, x) -> x * f);
                trendIn.values().forEach(m -> m.replaceAll((i, x) -> x * f));
                trendLandmark = e.ts;
            }
            double stored = trendDecay.store(w, e.ts, trendLandmark);
            trend.merge(e.itemId, stored, Double::sum);
            if (category != null) {
                trendIn.computeIfAbsent(category, c -> new HashMap<>()).merge(e.itemId, stored, Double::sum);
            }
        }
    }
}
