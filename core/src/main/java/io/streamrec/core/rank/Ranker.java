package io.streamrec.core.rank;

import io.streamrec.core.kernel.Select;
import io.streamrec.core.kernel.VectorKernels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The last step of a recommendation, shared by the API and the quality benchmark:
 * <ol>
 *   <li><b>blend</b> — each candidate's score is {@code w_m·σ(model) + w_s·short(c) + w_l·long(c) +
 *   w_t·trend(i)}: the model's predicted probability, the user's short- and long-term interest in the
 *   item's category (as shares), and the item's popularity relative to the most popular candidate.
 *   The weights follow the user ({@link RankConfig#weights}): the short-term weight grows with the
 *   session's intensity and fades as it cools; little history shifts weight from the model to
 *   interests and trending.</li>
 *   <li><b>content</b> — with a content share above 0, a user with little history gets part of each
 *   candidate's score from how close the item's text is to the texts of the items they touched (their
 *   text profile): the share falls as the model's confidence grows, {@code share·ν/(n+ν)} with the same
 *   {@code ν} ({@link RankConfig#historyEvents}) that weighs the model, so the two hand over smoothly.</li>
 *   <li><b>diversity</b> — MMR (Carbonell and Goldstein, 1998): items are taken greedily by
 *   {@code λ·score − (1−λ)·max similarity to the items already taken}, similarity being 1 within a
 *   category, 0 across two categories, and the cosine of the item vectors where a category is unknown.</li>
 *   <li><b>exploration</b> — a share of the list ({@link RankConfig#exploreShare}) goes to categories
 *   the user has not shown interest in, chosen by Thompson sampling on impression/click feedback.</li>
 * </ol>
 */
public final class Ranker {
    /** An item to rank. {@code model} is the raw dot product (NaN when unknown), {@code trending} ≥ 0. */
    public static final class Candidate {
        public final String itemId;
        public final String category;
        public final double model;
        public final double trending;
        /** Factor vector for similarity (may be null). */
        public final float[] vector;
        /** Co-occurrence with the user's recent items ({@link io.streamrec.core.model.CoOccurrence#score}), ≥ 0. */
        public final double cooccurrence;
        /** Cosine of the item's text vector and the user's text profile (0 when either is unknown). */
        public final double content;
        /** Updates applied to the item's vector (its published version); NaN when unknown ({@link ItemEvidence}). */
        public final double evidence;

        public Candidate(String itemId, String category, double model, double trending, float[] vector) {
            this(itemId, category, model, trending, vector, 0);
        }

        public Candidate(String itemId, String category, double model, double trending, float[] vector,
                         double cooccurrence) {
            this(itemId, category, model, trending, vector, cooccurrence, 0);
        }

        public Candidate(String itemId, String category, double model, double trending, float[] vector,
                         double cooccurrence, double content) {
            this(itemId, category, model, trending, vector, cooccurrence, content, Double.NaN);
        }

        public Candidate(String itemId, String category, double model, double trending, float[] vector,
                         double cooccurrence, double content, double evidence) {
            this.itemId = itemId;
            this.category = category;
            this.model = model;
            this.trending = trending;
            this.vector = vector;
            this.cooccurrence = cooccurrence;
            this.content = content;
            this.evidence = evidence;
        }

        /** The same candidate with another model score. */
        public Candidate withModel(double score) {
            return new Candidate(itemId, category, score, trending, vector, cooccurrence, content, evidence);
        }
    }

    /** One ranked item: its blended score and, when asked for, why it is there. */
    /**
     * One item of a list; {@code parts} are its blend parts before learned weights and {@code segment} its
     * {@link BlendLearner#segment} (what a {@link ServedList} carries), null and −1 for an explored item.
     */
    public record Ranked(String itemId, double score, List<String> reasons, double[] parts, int segment) {
        public Ranked(String itemId, double score, List<String> reasons) {
            this(itemId, score, reasons, null, -1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ranked r && itemId.equals(r.itemId) && Double.compare(score, r.score) == 0
                    && java.util.Objects.equals(reasons, r.reasons) && java.util.Arrays.equals(parts, r.parts)
                    && segment == r.segment;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(itemId, score, reasons, java.util.Arrays.hashCode(parts), segment);
        }

        @Override
        public String toString() {
            return "Ranked[" + itemId + ", " + score + ", " + reasons + ", " + java.util.Arrays.toString(parts) + ", "
                    + segment + "]";
        }
    }

    /** What the exploration step may use. */
    public record Exploration(Collection<String> categories, Map<String, ThompsonSampler.Arm> arms,
                              Function<String, List<Candidate>> itemsOf) {
        public static final Exploration NONE = new Exploration(List.of(), Map.of(), c -> List.of());
    }

    /** The reason given when the item's text carried it. */
    public static final String CONTENT_REASON = "described like items you viewed";

    private final RankConfig config;
    /** Share of the score that co-occurrence takes ({@code rank.cooccurrence-share}). */
    private final double cooccurrenceShare;
    /** Share of the score that content takes for a user without history ({@code rank.content-share}). */
    private final double contentShare;
    /** κ of the item-side confidence u/(u+κ) ({@link ItemEvidence}); 0: model scores as they come. */
    private final double itemEvidence;
    /** Per-segment weights of the blend's parts learned from feedback; null: the hand-set blend. */
    private final BlendWeights learned;

    public Ranker(RankConfig config) {
        this(config, 0);
    }

    public Ranker(RankConfig config, double cooccurrenceShare) {
        this(config, cooccurrenceShare, 0);
    }

    /**
     * With co-occurrence: a candidate's score is {@code (1 − share)·blend + share·cooc(i)/max cooc}, the
     * blend as above and the candidate's co-occurrence relative to the strongest candidate's. With content,
     * that score takes {@code 1 − c} and the candidate's content relative to the closest candidate's takes
     * {@code c = contentShare·(1 − n/(n+ν))} for a user the model learned from {@code n} events.
     */
    public Ranker(RankConfig config, double cooccurrenceShare, double contentShare) {
        this(config, cooccurrenceShare, contentShare, 0, null);
    }

    private Ranker(RankConfig config, double cooccurrenceShare, double contentShare, double itemEvidence,
                   BlendWeights learned) {
        if (!(cooccurrenceShare >= 0 && cooccurrenceShare <= 1)) {
            throw new IllegalArgumentException("co-occurrence share must be in [0, 1], got " + cooccurrenceShare);
        }
        if (!(contentShare >= 0 && contentShare <= 1)) {
            throw new IllegalArgumentException("content share must be in [0, 1], got " + contentShare);
        }
        this.config = config;
        this.cooccurrenceShare = cooccurrenceShare;
        this.contentShare = contentShare;
        this.itemEvidence = itemEvidence;
        this.learned = learned;
    }

    /**
     * The same ranker with evidence-aware model scores: each candidate's model score shrunk towards its
     * category's prior with confidence {@code u/(u+κ)} for an item updated {@code u} times ({@link ItemEvidence}).
     */
    public Ranker withItemEvidence(double kappa) {
        if (!(kappa >= 0)) {
            throw new IllegalArgumentException("item evidence κ must be ≥ 0, got " + kappa);
        }
        return new Ranker(config, cooccurrenceShare, contentShare, kappa, learned);
    }

    /**
     * The same ranker with each part of a candidate's blend multiplied by its weight in the candidate's
     * segment, as learned from feedback ({@link BlendLearner}); {@link BlendWeights#current} is read once
     * per ranking. Null: the hand-set blend.
     */
    public Ranker withLearnedWeights(BlendWeights weights) {
        return new Ranker(config, cooccurrenceShare, contentShare, itemEvidence, weights);
    }

    /** The learned weights this ranker applies; null: the hand-set blend. */
    public BlendWeights learnedWeights() {
        return learned;
    }

    /** What a ranking's blend needs besides each candidate: the weights and the request's maxima. */
    private record Blend(List<Candidate> candidates, RankConfig.Weights w, double maxTrend, BlendScore.Mix co) {}

    private Blend blend(List<Candidate> candidates, InterestProfile profile, double historyCount) {
        candidates = ItemEvidence.shrink(candidates, itemEvidence);
        RankConfig.Weights w = config.weights(historyCount, profile.shortIntensity());
        double maxTrend = 0;
        double maxCooc = 0;
        double maxContent = 0;
        for (Candidate c : candidates) {
            maxTrend = Math.max(maxTrend, c.trending);
            maxCooc = Math.max(maxCooc, c.cooccurrence);
            if (c.content > 0) { // NaN or negative: no content signal
                maxContent = Math.max(maxContent, c.content);
            }
        }
        double ct = contentShare(historyCount);
        BlendScore.Mix co = new BlendScore.Mix(maxCooc > 0 ? cooccurrenceShare : 0, Math.max(maxCooc, Double.MIN_VALUE),
                maxContent > 0 ? ct : 0, Math.max(maxContent, Double.MIN_VALUE));
        return new Blend(candidates, w, maxTrend, co);
    }

    /** A candidate's blend, with the learned weights {@code lw} of its segment when there are. */
    private static BlendScore scored(Candidate c, RankConfig.Weights w, InterestProfile p, double maxTrend,
                                     BlendScore.Mix co, double historyCount, BlendWeights lw) {
        BlendScore s = BlendScore.of(c, w, p, maxTrend, co);
        return lw == null ? s : s.reweighted(lw.weights(BlendLearner.segment(historyCount, c.evidence)));
    }

    public double itemEvidence() {
        return itemEvidence;
    }

    public double cooccurrenceShare() {
        return cooccurrenceShare;
    }

    public double contentShare() {
        return contentShare;
    }

    /** The share of the score content takes for a user with {@code historyCount} events: it falls as the model's confidence grows. */
    public double contentShare(double historyCount) {
        return contentShare * (1 - config.confidence(historyCount));
    }

    public RankConfig config() {
        return config;
    }

    /**
     * The {@code k} items to show, best first.
     *
     * @param candidates distinct by item id: callers build them so, and ranking, which runs per request,
     *                   checks it only with assertions on
     */
    public List<Ranked> rank(List<Candidate> candidates, InterestProfile profile, double historyCount, int k,
                             Exploration exploration, SplittableRandom rnd, boolean explain) {
        return rank(candidates, profile, historyCount, k, exploration, rnd, explain, 0, null);
    }

    /**
     * {@link #rank}, also adding to {@code runnersUp} (when not null) up to {@code runnersUpCount} of the best
     * candidates not shown, best first, with their parts and segments and without reasons: the items a
     * {@link ServedList} carries besides the list, so that a user taking one of them still tells the blend
     * what it should have ranked higher.
     */
    public List<Ranked> rank(List<Candidate> candidates, InterestProfile profile, double historyCount, int k,
                             Exploration exploration, SplittableRandom rnd, boolean explain, int runnersUpCount,
                             List<Ranked> runnersUp) {
        Blend b = blend(candidates, profile, historyCount);
        candidates = b.candidates;
        RankConfig.Weights w = b.w;
        double maxTrend = b.maxTrend;
        BlendScore.Mix co = b.co;
        BlendWeights lw = learned == null ? null : learned.current();
        assert distinct(candidates) : "candidates must be distinct by item id";
        double[] blended = new double[candidates.size()];
        for (int i = 0; i < blended.length; i++) {
            blended[i] = lw == null ? BlendScore.blend(candidates.get(i), w, profile, maxTrend, co)
                    : scored(candidates.get(i), w, profile, maxTrend, co, historyCount, lw).score;
        }

        int explore = exploreSlots(historyCount, k, rnd, exploration);
        Set<String> exploredIds = new HashSet<>();
        List<BlendScore> explored = explore(explore, profile, exploration, exploredIds, rnd, w, maxTrend, co,
                historyCount, lw);
        // MMR looks at the best few only: those, in order, even when every explored item is among them
        int wanted = runnersUp == null ? 0 : k + runnersUpCount;
        List<BlendScore> best = best(candidates, blended, Math.max(wanted, pool(k - explored.size()) + explored.size()), w,
                profile, maxTrend, co, historyCount, lw);
        if (!explored.isEmpty()) {
            best.removeIf(s -> exploredIds.contains(s.c.itemId));
        }
        List<BlendScore> chosen = mmr(best, k - explored.size());
        chosen.addAll(explored);
        List<Ranked> out = new ArrayList<>(chosen.size());
        Set<String> shown = runnersUp == null ? null : new HashSet<>();
        for (BlendScore s : chosen) {
            out.add(s.explored ? new Ranked(s.c.itemId, s.score, explain ? s.reasons() : null)
                    : new Ranked(s.c.itemId, s.score, explain ? s.reasons() : null, s.unweightedParts(),
                    BlendLearner.segment(historyCount, s.c.evidence)));
            if (shown != null) {
                shown.add(s.c.itemId);
            }
        }
        if (runnersUp != null) {
            int added = 0;
            for (int i = 0; i < best.size() && added < runnersUpCount; i++) {
                BlendScore s = best.get(i);
                if (!shown.contains(s.c.itemId)) {
                    runnersUp.add(new Ranked(s.c.itemId, s.score, null, s.unweightedParts(),
                            BlendLearner.segment(historyCount, s.c.evidence)));
                    added++;
                }
            }
        }
        return out;
    }

    private int exploreSlots(double historyCount, int k, SplittableRandom rnd, Exploration e) {
        if (e.categories().isEmpty() || k < 2) {
            return 0;
        }
        double share = config.exploreShare(historyCount) * k;
        int n = (int) Math.floor(share);
        if (rnd.nextDouble() < share - n) {
            n++;
        }
        return Math.min(n, k / 2);
    }

    private List<BlendScore> explore(int slots, InterestProfile profile, Exploration e, Set<String> taken,
                                 SplittableRandom rnd, RankConfig.Weights w, double maxTrend, BlendScore.Mix co,
                                 double historyCount, BlendWeights lw) {
        List<BlendScore> out = new ArrayList<>();
        if (slots == 0) {
            return out;
        }
        Set<String> arms = new LinkedHashSet<>();
        for (String c : e.categories()) {
            if (profile.longShare(c) < config.interestFloor() && profile.shortShare(c) < config.interestFloor()) {
                arms.add(c);
            }
        }
        while (out.size() < slots && !arms.isEmpty()) {
            String category = ThompsonSampler.choose(arms, e.arms(), rnd);
            arms.remove(category);
            for (Candidate c : e.itemsOf().apply(category)) {
                if (!taken.contains(c.itemId)) {
                    taken.add(c.itemId);
                    BlendScore s = scored(c, w, profile, Math.max(maxTrend, c.trending), co, historyCount, lw);
                    s.explored = true;
                    out.add(s);
                    break;
                }
            }
        }
        return out;
    }

    /** How many of the best candidates MMR chooses {@code k} from: {@code k} itself when λ = 1. */
    private int pool(int k) {
        return k <= 0 ? 0 : config.mmrLambda() >= 1 ? k : Math.max(3 * k, 50);
    }

    /**
     * The {@code m} best candidates by their {@code blended} scores (ties by item id), scored in full and
     * sorted: a selection finds the m-th best score, and only the candidates at or above it are looked at
     * again, as only the best few ever are.
     */
    private List<BlendScore> best(List<Candidate> candidates, double[] blended, int m, RankConfig.Weights w,
                                  InterestProfile profile, double maxTrend, BlendScore.Mix co, double historyCount,
                                  BlendWeights lw) {
        int n = blended.length;
        if (m <= 0 || n == 0) {
            return new ArrayList<>();
        }
        double cut = Double.NEGATIVE_INFINITY;
        if (n > m) {
            cut = nthSmallest(blended, n - m);
        }
        List<BlendScore> out = new ArrayList<>(Math.min(n, m + 8));
        for (int i = 0; i < n; i++) {
            if (blended[i] >= cut) { // ties at the cut all come in, and the sort below settles them by id
                out.add(scored(candidates.get(i), w, profile, maxTrend, co, historyCount, lw));
            }
        }
        out.sort(ORDER);
        if (out.size() > m) {
            out.subList(m, out.size()).clear();
        }
        return out;
    }

    /**
     * What {@code Arrays.sort} would put at index {@code t} of a copy of {@code values} (the same total order,
     * {@link Double#compare}), found by quickselect ({@link Select}): a request needs one cut out of a few
     * hundred scores, not their order.
     */
    static double nthSmallest(double[] values, int t) {
        if (t < 0 || t >= values.length) {
            throw new IndexOutOfBoundsException(t);
        }
        long[] keys = new long[values.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Select.sortable(values[i]);
        }
        Select.nth(keys, 0, keys.length, t);
        return Select.fromSortable(keys[t]);
    }

    private static final Comparator<BlendScore> ORDER =
            (a, b) -> a.score != b.score ? Double.compare(b.score, a.score) : a.c.itemId.compareTo(b.c.itemId);

    /** Checked with assertions on (the tests): callers build their candidates distinct, so ranking needs no set. */
    private static boolean distinct(List<Candidate> candidates) {
        Set<String> ids = new HashSet<>();
        for (Candidate c : candidates) {
            if (!ids.add(c.itemId)) {
                return false;
            }
        }
        return true;
    }

    /** Greedy MMR over the best candidates (sorted, at least {@link #pool} of them when there are); λ = 1 keeps the order. */
    private List<BlendScore> mmr(List<BlendScore> ranked, int k) {
        List<BlendScore> out = new ArrayList<>(Math.max(0, k));
        if (k <= 0) {
            return out;
        }
        double lambda = config.mmrLambda();
        if (lambda >= 1) {
            out.addAll(ranked.subList(0, Math.min(k, ranked.size())));
            return out;
        }
        List<BlendScore> pool = new ArrayList<>(ranked.subList(0, Math.min(ranked.size(), pool(k))));
        double[] maxSim = new double[pool.size()];
        boolean[] used = new boolean[pool.size()];
        while (out.size() < k && out.size() < pool.size()) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < pool.size(); i++) {
                if (!used[i]) {
                    double v = lambda * pool.get(i).score - (1 - lambda) * maxSim[i];
                    if (v > bestValue) {
                        bestValue = v;
                        best = i;
                    }
                }
            }
            used[best] = true;
            BlendScore picked = pool.get(best);
            out.add(picked);
            for (int i = 0; i < pool.size(); i++) {
                if (!used[i]) {
                    maxSim[i] = Math.max(maxSim[i], similarity(pool.get(i).c, picked.c));
                }
            }
        }
        return out;
    }

    /**
     * 1 within a category, 0 between two known different categories, and the cosine of the item vectors
     * (0 when negative or unknown) when a category is missing.
     */
    static double similarity(Candidate a, Candidate b) {
        if (a.category != null && b.category != null) {
            return a.category.equals(b.category) ? 1 : 0;
        }
        if (a.vector == null || b.vector == null || a.vector.length != b.vector.length) {
            return 0;
        }
        double na = VectorKernels.norm(a.vector, 0, a.vector.length);
        double nb = VectorKernels.norm(b.vector, 0, b.vector.length);
        if (na == 0 || nb == 0) {
            return 0;
        }
        return Math.max(0, VectorKernels.dot(a.vector, b.vector) / (na * nb));
    }
}
