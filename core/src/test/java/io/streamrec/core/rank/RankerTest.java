package io.streamrec.core.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankerTest {
    static Ranker.Candidate c(String id, String category, double model, double trending) {
        return new Ranker.Candidate(id, category, model, trending, null);
    }

    static List<String> ids(List<Ranker.Ranked> r) {
        return r.stream().map(Ranker.Ranked::itemId).toList();
    }

    @Test
    void blendWeightsFollowHistoryAndSessionHeat() {
        RankConfig cfg = RankConfig.defaults();
        RankConfig.Weights fresh = cfg.weights(0, 0);
        assertThat(fresh.model()).isZero();
        assertThat(fresh.longInterest() + fresh.trending()).isCloseTo(1, within(1e-12));
        RankConfig.Weights veteran = cfg.weights(10_000, 0);
        double base = cfg.modelWeight() + cfg.longWeight() + cfg.trendingWeight();
        assertThat(veteran.model()).isCloseTo(cfg.modelWeight() / base, within(0.01));
        assertThat(cfg.weights(2, 0).model()).isLessThan(veteran.model());
        RankConfig.Weights hot = cfg.weights(10_000, 30);
        RankConfig.Weights warm = cfg.weights(10_000, 1);
        assertThat(hot.shortInterest()).isGreaterThan(warm.shortInterest()).isLessThanOrEqualTo(cfg.shortShare());
        assertThat(hot.model() + hot.shortInterest() + hot.longInterest() + hot.trending()).isCloseTo(1, within(1e-12));
        assertThat(cfg.weights(10_000, 0).shortInterest()).isZero(); // a cold session counts for nothing
        assertThat(cfg.exploreShare(0)).isGreaterThan(cfg.exploreShare(1000));
    }

    /** A configuration that weighs sessions strongly (the shipped one is tuned on data without sessions). */
    static final RankConfig SESSIONS = new RankConfig(0.7, 0.15, 0.15, 0.5, 20, 3, 0, 0, 1, 0.05);

    @Test
    void aHotSessionInACategoryLiftsItsItemsAboveTheModelsFavourites() {
        Ranker ranker = new Ranker(SESSIONS);
        List<Ranker.Candidate> cands = List.of(c("model-fav", "books", 3, 0), c("shoe", "shoes", 0, 0),
                c("boot", "shoes", -0.5, 0));
        InterestProfile cold = new InterestProfile(Map.of(), Map.of("books", 5.0));
        InterestProfile hot = new InterestProfile(Map.of("shoes", 8.0), Map.of("books", 5.0, "shoes", 1.0));
        assertThat(ids(ranker.rank(cands, cold, 50, 3, Ranker.Exploration.NONE, new SplittableRandom(1), false)))
                .startsWith("model-fav");
        List<Ranker.Ranked> r = ranker.rank(cands, hot, 50, 3, Ranker.Exploration.NONE, new SplittableRandom(1), true);
        assertThat(ids(r)).startsWith("shoe", "boot");
        assertThat(r.get(0).reasons()).contains("your current interest in shoes");
    }

    @Test
    void learnedWeightsAtOneRankAsTheHandSetBlendAndMovedOnesReorder() {
        Ranker ranker = new Ranker(SESSIONS, 0.3);
        List<Ranker.Candidate> cands = List.of(
                new Ranker.Candidate("model-fav", "books", 3, 0, null, 0, 0, 100),
                new Ranker.Candidate("bought-with", "mugs", 0, 0, null, 5, 0, 100),
                new Ranker.Candidate("trend", "toys", -1, 9, null, 0, 0, 100));
        InterestProfile p = new InterestProfile(Map.of(), Map.of("books", 5.0));
        BlendLearner untouched = BlendLearner.defaults();
        List<Ranker.Ranked> hand = ranker.rank(cands, p, 50, 3, Ranker.Exploration.NONE, new SplittableRandom(1), false);
        List<Ranker.Ranked> same = ranker.withLearnedWeights(untouched).rank(cands, p, 50, 3, Ranker.Exploration.NONE,
                new SplittableRandom(1), false);
        assertThat(ids(same)).isEqualTo(ids(hand));
        for (int i = 0; i < hand.size(); i++) { // the same sum in another order: equal to the last bits
            assertThat(same.get(i).score()).isCloseTo(hand.get(i).score(), within(1e-12));
        }
        // each item of the list carries its unweighted parts and segment, as a served list publishes them
        assertThat(same.get(0).parts()).containsExactly(hand.get(0).parts());
        assertThat(hand.get(0).segment()).isEqualTo(BlendLearner.segment(50, 100));
        // feedback: the user keeps taking the item bought with their recent items over the model's favourite
        BlendLearner learned = BlendLearner.defaults();
        List<ServedList.Item> items = hand.stream()
                .map(r -> new ServedList.Item(r.itemId(), r.segment(), r.parts())).toList();
        ServedList served = new ServedList("u", 0, null, 0, items);
        for (int i = 0; i < 300; i++) {
            learned.observe(served.feedback("bought-with"));
        }
        List<Ranker.Ranked> after = ranker.withLearnedWeights(learned).rank(cands, p, 50, 3, Ranker.Exploration.NONE,
                new SplittableRandom(1), true);
        assertThat(ids(after)).startsWith("bought-with");
        assertThat(ids(hand)).startsWith("model-fav");
        // the parts stay the unweighted ones, whatever the weights: they are what the weights learn on
        Ranker.Ranked bought = after.stream().filter(r -> r.itemId().equals("bought-with")).findFirst().orElseThrow();
        assertThat(bought.parts()).containsExactly(items.stream().filter(i -> i.itemId().equals("bought-with"))
                .findFirst().orElseThrow().parts());
    }

    @Test
    void mmrSpreadsAListOverCategories() {
        List<Ranker.Candidate> cands = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            cands.add(c("mug" + i, "mugs", 2 - i * 0.01, 0));
        }
        cands.add(c("plate", "plates", 1.5, 0));
        cands.add(c("bowl", "bowls", 1.4, 0));
        InterestProfile p = InterestProfile.EMPTY;
        List<String> plain = ids(new Ranker(RankConfig.modelOnly()).rank(cands, p, 100, 5, Ranker.Exploration.NONE,
                new SplittableRandom(1), false));
        assertThat(plain).allMatch(id -> id.startsWith("mug"));
        RankConfig diverse = new RankConfig(1, 0, 0, 0, 0, 1, 0, 0, 0.8, 0.05);
        List<String> mmr = ids(new Ranker(diverse).rank(cands, p, 100, 5, Ranker.Exploration.NONE, new SplittableRandom(1), false));
        assertThat(mmr.get(0)).isEqualTo("mug0");
        assertThat(mmr).contains("plate", "bowl");
    }

    @Test
    void explorationFillsItsShareWithCategoriesTheUserShowedNoInterestInReproducibly() {
        RankConfig cfg = new RankConfig(0.7, 0.15, 0.15, 0.5, 20, 3, 0.5, 0.5, 1.0, 0.05);
        Ranker ranker = new Ranker(cfg);
        List<Ranker.Candidate> cands = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            cands.add(c("g" + i, "garden", 1 - i * 0.01, 0));
        }
        InterestProfile p = new InterestProfile(Map.of(), Map.of("garden", 10.0));
        Ranker.Exploration e = new Ranker.Exploration(List.of("garden", "toys", "books", "music"),
                Map.of("toys", new ThompsonSampler.Arm(100, 30), "books", new ThompsonSampler.Arm(100, 1)),
                category -> List.of(c(category + "-top", category, Double.NaN, 5), c(category + "-2", category, Double.NaN, 4)));
        List<Ranker.Ranked> a = ranker.rank(cands, p, 100, 10, e, new SplittableRandom(42), true);
        List<Ranker.Ranked> b = ranker.rank(cands, p, 100, 10, e, new SplittableRandom(42), true);
        assertThat(ids(a)).isEqualTo(ids(b)).hasSize(10);
        List<Ranker.Ranked> explored = a.stream().filter(x -> x.reasons().get(0).startsWith("exploring")).toList();
        assertThat(explored).hasSize(3); // five slots, but only three categories to explore, each once
        assertThat(explored).noneMatch(x -> x.itemId().startsWith("g")); // never the category the user already likes
        // toys earns clicks, books does not: over many lists toys is explored far more often
        int toys = 0;
        int books = 0;
        Ranker one = new Ranker(new RankConfig(0.7, 0.15, 0.15, 0.5, 20, 3, 0.1, 0.1, 1.0, 0.05));
        for (int seed = 0; seed < 300; seed++) {
            for (Ranker.Ranked x : one.rank(cands, p, 100, 10, new Ranker.Exploration(List.of("toys", "books"), e.arms(),
                    e.itemsOf()), new SplittableRandom(seed), false)) {
                toys += x.itemId().startsWith("toys") ? 1 : 0;
                books += x.itemId().startsWith("books") ? 1 : 0;
            }
        }
        assertThat(toys).isGreaterThan(books * 10);
    }

    @Test
    void reasonsNameWhatMadeTheScore() {
        Ranker ranker = new Ranker(RankConfig.defaults().withoutExploration().withoutDiversity());
        List<Ranker.Ranked> r = ranker.rank(List.of(c("rake", "Garden", Double.NaN, 10)), InterestProfile.EMPTY, 0, 1,
                Ranker.Exploration.NONE, new SplittableRandom(1), true);
        assertThat(r.get(0).reasons()).containsExactly("trending in Garden");
        List<Ranker.Ranked> noExplain = ranker.rank(List.of(c("rake", "Garden", 1, 10)), InterestProfile.EMPTY, 0, 1,
                Ranker.Exploration.NONE, new SplittableRandom(1), false);
        assertThat(noExplain.get(0).reasons()).isNull();
    }

    @Test
    void theCutIsTheValueAFullSortPutsThereWithTiesSignedZerosAndNaN() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int round = 0; round < 500; round++) {
            int n = 1 + rnd.nextInt(600);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                int kind = rnd.nextInt(20);
                values[i] = kind == 0 ? 0.0 : kind == 1 ? -0.0 : kind == 2 && round % 50 == 0 ? Double.NaN
                        : kind < 8 ? rnd.nextInt(5) / 4.0 : rnd.nextDouble();
            }
            double[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            double[] before = values.clone();
            int t = rnd.nextInt(n);
            assertThat(Double.doubleToRawLongBits(Ranker.nthSmallest(values, t)))
                    .isEqualTo(Double.doubleToRawLongBits(sorted[t]));
            assertThat(values).isEqualTo(before); // works on a copy
        }
    }
}
