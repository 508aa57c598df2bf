package io.streamrec.bench;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.content.TextSpace;
import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.RepeatBlend;
import io.streamrec.core.model.Repurchase;
import io.streamrec.flink.interest.RecentItems;
import io.streamrec.flink.interest.RecentItemsState;
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
 *
 * <p>Longer than our other classes on purpose: it is the replayable twin of the API's whole served path
 * (candidates, co-occurrence, buy-again, content, exploration feedback), kept in one place so that a
 * change to what the API serves has one counterpart here to follow.
 */
final class RankedScenario implements Recommender {
    static final int TRENDING_CANDIDATES = 100;
    static final int CATEGORY_CANDIDATES = 30;
    static final int STRONGEST = 3;
    static final double TRENDING_HALF_LIFE_MS = 24 * 3_600_000d;

    private final String name;
    private final StreamrecScenario model;
    private Ranker ranker;
    /** Co-occurrence learned as the job learns it ({@link #withCooccurrence}); null: not used. */
    private CoOccurrence cooc;
    /** Item texts for the content score ({@link #withContent}); null: not used. */
    private TextSpace texts;
    private final Map<String, CoOccurrence.Basket> baskets = new HashMap<>();
    private final Map<String, CoOccurrence.State> together = new HashMap<>();
    private final RecentItems recentModel = new RecentItems(ForwardDecay.ofHours(
            Double.parseDouble(StreamrecConfig.RECENT_HALF_LIFE_HOURS.defaultValue())), EventWeights.defaults(),
            Integer.parseInt(StreamrecConfig.RECENT_MAX_ITEMS.defaultValue()));
    private final Map<String, RecentItemsState> recent = new HashMap<>();
    private record Published(long version, List<CoOccurrence.Neighbour> list) {}
    private final Map<String, Published> published = new HashMap<>();
    /** {@code include=repeats}: the largest share of the list buy-again items take; negative: not included. */
    private double repeatShare = -1;
    private final Repurchase repurchase = Repurchase.defaults();
    private final EventWeights weights;
    private final int candidates;
    private final CategoryInterests interests = new CategoryInterests(30 * 60_000d, 14 * 86_400_000d, 20);
    private final Map<String, CategoryInterests.State> interestOf = new HashMap<>();
    private final Map<String, String> categoryOf = new HashMap<>();
    private final ForwardDecay trendDecay = new ForwardDecay(TRENDING_HALF_LIFE_MS);
    /** Trending overall and per category, in score order (O(log n) per event). */
    private final SortedScores trend = new SortedScores();
    private final Map<String, SortedScores> trendIn = new HashMap<>();
    private static final SortedScores NONE = new SortedScores();
    private long trendLandmark = Long.MIN_VALUE;
    private final ArmFeedback feedback = new ArmFeedback(7 * 86_400_000d);
    private final Map<String, ArmFeedback.State> arms = new HashMap<>();
    private final Map<String, Set<String>> exploredFor = new HashMap<>();
    private final SplittableRandom rnd = new SplittableRandom(2024);
    /** Blend weights learned from the scenario's own served lists ({@link #withLearnedBlend}); null: hand-set. */
    private io.streamrec.core.rank.BlendLearner learner;
    /** How many of the best candidates below the list a served list carries ({@code rank.blend-runners-up}). */
    private int blendRunnersUp;
    /** Per user the list last served, with its items' parts, until the user's next positive event. */
    private final Map<String, io.streamrec.core.rank.ServedList> served = new HashMap<>();

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

    /**
     * Adds co-occurrence as the job learns it and the API uses it: per user the recent items
     * ({@link RecentItems}, the job's {@code recent} key), per item its neighbours ({@link CoOccurrence}),
     * the best {@link CoOccurrence#CANDIDATES} items by co-occurrence with the user's strongest
     * {@link CoOccurrence#QUERY_ITEMS} recent items added to the candidates, and {@code share} of the score.
     */
    RankedScenario withCooccurrence(CoOccurrence model, double share) {
        this.cooc = model;
        this.ranker = new Ranker(ranker.config(), share).withItemEvidence(ranker.itemEvidence());
        return this;
    }

    /**
     * Serves as {@code include=repeats} with the API's default {@code exclude=seen} does
     * ({@code RecommendationService}): the user's buy-again items ({@link Repurchase}, the job's cycles)
     * take up to {@code share} of the list first ({@link RepeatBlend}), the ranking without the user's
     * recent and bought items fills the rest. Items in the caller's {@code exclude} are never shown.
     */
    RankedScenario withRepeats(double share) {
        this.repeatShare = share;
        return this;
    }

    /**
     * Learns the blend's weights per segment from its own served lists as the job learns them from the
     * API's ({@link io.streamrec.core.rank.BlendLearner}): the user's next positive event is the feedback
     * on the list served just before it ({@link io.streamrec.core.rank.ServedList}), as in the job. Call last: the other variants replace the ranker.
     */
    RankedScenario withLearnedBlend(io.streamrec.core.rank.BlendLearner l, int runnersUp) {
        this.learner = l;
        this.blendRunnersUp = runnersUp;
        this.ranker = ranker.withLearnedWeights(l);
        return this;
    }

    io.streamrec.core.rank.BlendLearner learner() {
        return learner;
    }

    /**
     * Adds the content score as the API serves it: the user's text profile (the text vectors of their
     * recent items, {@link RecentItems}' decayed weights) scored against every candidate's text, its
     * {@link TextSpace#PROFILE_CANDIDATES} nearest texts added to the candidates, and {@code share} of the
     * score for a user without history, falling with the model's confidence ({@link Ranker}).
     */
    RankedScenario withContent(TextSpace space, double share) {
        this.texts = space;
        this.ranker = new Ranker(ranker.config(), ranker.cooccurrenceShare(), share)
                .withItemEvidence(ranker.itemEvidence());
        return this;
    }

    /**
     * Evidence-aware model scores as the API serves them with {@code rank.item-evidence} κ: each candidate's
     * model score shrunk towards its category's prior by the item's updates ({@link io.streamrec.core.rank.ItemEvidence}).
     */
    RankedScenario withItemEvidence(double kappa) {
        this.ranker = ranker.withItemEvidence(kappa);
        return this;
    }

    private boolean tracksRecent() {
        return cooc != null || repeatShare >= 0 || texts != null;
    }

    /** The user's text profile (null without content or without a recent item that has a text). */
    private float[] textProfile(String user) {
        RecentItemsState rs = texts == null ? null : recent.get(user);
        if (rs == null) {
            return null;
        }
        RecentItems.Ranked r = recentModel.ranked(rs);
        return texts.profile(r.items(), r.scores());
    }

    /** Co-occurrence of the items next to the user's recent items (empty without co-occurrence). */
    private Map<String, Double> cooccurring(String user, Set<String> exclude) {
        RecentItemsState rs = cooc == null ? null : recent.get(user);
        if (rs == null) {
            return Map.of();
        }
        RecentItems.Ranked r = recentModel.ranked(rs);
        return CoOccurrence.score(CoOccurrence.query(r.items(), r.scores()), this::neighbours, exclude);
    }

    /** The item's neighbour list as published after its latest update (computed once per update). */
    private List<CoOccurrence.Neighbour> neighbours(String item) {
        CoOccurrence.State st = together.get(item);
        if (st == null) {
            return null;
        }
        Published p = published.get(item);
        if (p == null || p.version != st.version) {
            p = new Published(st.version, cooc.neighbours(st));
            published.put(item, p);
        }
        return p.list;
    }

    /** The bench's catalogue: the first category the data names for each item. */
    String category(String item) {
        return categoryOf.get(item);
    }

    @Override
    public List<String> recommend(String user, int k, Set<String> exclude, long now) {
        RecentItemsState rs = recent.get(user);
        if (repeatShare < 0 || rs == null) {
            return ranked(user, k, exclude, now);
        }
        Set<String> seen = new HashSet<>(exclude);
        seen.addAll(java.util.Arrays.asList(rs.items));
        seen.addAll(java.util.Arrays.asList(rs.bought));
        List<String> repeats = new ArrayList<>();
        if (rs.rebuy != null) {
            for (Repurchase.Scored r : repurchase.topK(rs.rebuy, now, RepeatBlend.slots(k, repeatShare),
                    id -> !exclude.contains(id))) {
                repeats.add(r.itemId());
            }
        }
        return RepeatBlend.merge(repeats, ranked(user, k, seen, now), k, repeatShare);
    }

    private List<String> ranked(String user, int k, Set<String> exclude, long now) {
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
        Map<String, Double> co = cooccurring(user, exclude);
        ids.addAll(CoOccurrence.top(co, CoOccurrence.CANDIDATES));
        float[] textProfile = textProfile(user);
        if (textProfile != null && ranker.contentShare(model.historyOf(user)) > 0) {
            for (TextSpace.Neighbour n : texts.nearest(textProfile, TextSpace.PROFILE_CANDIDATES,
                    id -> !exclude.contains(id))) {
                ids.add(n.itemId());
            }
        }
        Map<String, Double> trendNow = new HashMap<>();
        top(trend, TRENDING_CANDIDATES, exclude, ids, trendNow, now);
        Set<String> strongest = new LinkedHashSet<>(profile.strongest(false, STRONGEST));
        strongest.addAll(profile.strongest(true, STRONGEST));
        for (String c : strongest) {
            top(trendIn.getOrDefault(c, NONE), CATEGORY_CANDIDATES, exclude, ids, trendNow, now);
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
            int row = published.rowOf(id);
            cands.add(new Ranker.Candidate(id, categoryOf.get(id), score, trendNow.getOrDefault(id, 0.0), factors,
                    co.getOrDefault(id, 0.0), textProfile == null ? 0 : texts.similarity(textProfile, id),
                    row < 0 ? Double.NaN : published.versionAt(row)));
        }
        Map<String, ThompsonSampler.Arm> armsNow = new HashMap<>();
        arms.forEach((c, s) -> {
            double[] f = feedback.at(s, now);
            armsNow.put(c, new ThompsonSampler.Arm(f[0], f[1]));
        });
        Ranker.Exploration exploration = new Ranker.Exploration(trendIn.keySet(), armsNow, c -> {
            Map<String, Double> into = new HashMap<>();
            Set<String> got = new LinkedHashSet<>();
            top(trendIn.getOrDefault(c, NONE), 5, exclude, got, into, now);
            List<Ranker.Candidate> out = new ArrayList<>();
            for (String id : got) {
                out.add(new Ranker.Candidate(id, c, Double.NaN, into.get(id), null));
            }
            return out;
        });
        List<String> out = new ArrayList<>(k);
        Set<String> explored = new HashSet<>();
        List<io.streamrec.core.rank.ServedList.Item> items = learner == null ? null : new ArrayList<>(k);
        List<Ranker.Ranked> runnersUp = learner == null ? null : new ArrayList<>();
        for (Ranker.Ranked r : ranker.rank(cands, profile, model.historyOf(user), k, exploration, rnd, true,
                blendRunnersUp, runnersUp)) {
            out.add(r.itemId());
            if (items != null && r.parts() != null) {
                items.add(new io.streamrec.core.rank.ServedList.Item(r.itemId(), r.segment(), r.parts()));
            }
            if (r.reasons().get(0).startsWith("exploring")) {
                String c = categoryOf.get(r.itemId());
                if (c != null) {
                    explored.add(c);
                    impression(c, now);
                }
            }
        }
        exploredFor.put(user, explored);
        if (items != null) {
            for (Ranker.Ranked r : runnersUp) {
                items.add(new io.streamrec.core.rank.ServedList.Item(r.itemId(), r.segment(), r.parts(), false));
            }
            served.put(user, new io.streamrec.core.rank.ServedList(user, now, null, learner.version(), items));
        }
        return out;
    }

    /** The user's positive event as feedback on the list served to them just before it. */
    private void feedBlend(Event e) {
        if (learner == null || !io.streamrec.core.rank.ServedList.answeredBy(e, weights)) {
            return;
        }
        io.streamrec.core.rank.ServedList s = served.remove(e.userId);
        io.streamrec.core.rank.ServedList.Feedback f = s == null ? null : s.feedback(e.itemId);
        if (f != null) {
            // the pairwise step credits the signals by which the item taken differed from the others shown
            // (measured: better than candidates drawn at random, which are easy negatives that teach the
            // interests and co-occurrence to override the model's order)
            learner.observe(f);
        }
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

    /**
     * The {@code n} most popular of {@code stored} not excluded, ties in item-id order; their popularity
     * now goes to {@code values}. The scores are kept sorted ({@link SortedScores}): O(n + excluded) per
     * call instead of a scan of every item.
     */
    private void top(SortedScores stored, int n, Set<String> exclude, Set<String> into, Map<String, Double> values,
                     long now) {
        for (String id : stored.best(n, exclude)) {
            into.add(id);
            values.put(id, trendDecay.valueAt(stored.score(id), trendLandmark, now));
        }
    }

    private void impression(String category, long now) {
        feedback.apply(arms.computeIfAbsent(category, c -> new ArmFeedback.State()),
                new Event(null, "bench", "explored", io.streamrec.core.event.EventType.IMPRESSION, now, null, category, null));
    }

    @Override
    public void learn(Event e) {
        feedBlend(e);
        model.learn(e);
        if (tracksRecent()) {
            recentModel.apply(recent.computeIfAbsent(e.userId, u -> new RecentItemsState()), e);
            if (cooc != null && cooc.counts(e, weights.weight(e))) {
                String[] partners = cooc.add(baskets.computeIfAbsent(e.userId, u -> new CoOccurrence.Basket()),
                        e.itemId, e.ts, cooc.partnersFor(e));
                if (partners != null) {
                    CoOccurrence.State self = together.computeIfAbsent(e.itemId, i -> new CoOccurrence.State());
                    cooc.count(self, e.ts);
                    for (String p : partners) {
                        cooc.pair(self, p, e.ts);
                        cooc.pair(together.computeIfAbsent(p, i -> new CoOccurrence.State()), e.itemId, e.ts);
                    }
                }
            }
        }
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
                trend.scaleAll(f);
                trendIn.values().forEach(m -> m.scaleAll(f));
                trendLandmark = e.ts;
            }
            double stored = trendDecay.store(w, e.ts, trendLandmark);
            trend.add(e.itemId, stored);
            if (category != null) {
                trendIn.computeIfAbsent(category, c -> new SortedScores()).add(e.itemId, stored);
            }
        }
    }
}
