package io.streamrec.core.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.rank.Ranker.Candidate;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ItemEvidenceTest {
    private static Candidate c(String id, String category, double model, double updates) {
        return new Candidate(id, category, model, 0, null, 0, 0, updates);
    }

    @Test
    void confidenceGrowsWithEvidenceAndIsFullWhenOffOrUnknown() {
        assertThat(ItemEvidence.confidence(0, 10)).isZero();
        assertThat(ItemEvidence.confidence(10, 10)).isEqualTo(0.5);
        assertThat(ItemEvidence.confidence(90, 10)).isEqualTo(0.9);
        assertThat(ItemEvidence.confidence(3, 0)).isEqualTo(1);
        assertThat(ItemEvidence.confidence(Double.NaN, 10)).isEqualTo(1);
        assertThat(ItemEvidence.confidence(-1, 10)).isEqualTo(1);
    }

    /** Worked by hand: κ = 10, two categories, one item without a model score, one unknown evidence. */
    @Test
    void shrinksTowardsTheCategoryPriorOnAHandMadeRequest() {
        List<Candidate> in = List.of(
                c("a", "x", 2.0, 10),          // confidence 0.5
                c("b", "x", -1.0, 0),          // confidence 0: takes the prior
                c("c", "y", 4.0, 30),          // confidence 0.75
                c("d", "z", 1.0, Double.NaN),  // evidence unknown: confidence 1, kept
                c("e", "x", Double.NaN, 0));   // no model score: kept, not in the prior
        // overall: (0.5·2 + 0·(−1) + 0.75·4 + 1·1) / (0.5 + 0 + 0.75 + 1) = 5 / 2.25
        double overall = 5 / 2.25;
        double priorX = (0.5 * 2 + overall) / (0.5 + 1);
        double priorY = (0.75 * 4 + overall) / (0.75 + 1);
        List<Candidate> out = ItemEvidence.shrink(in, 10);
        assertThat(out.get(0).model).isCloseTo(0.5 * 2 + 0.5 * priorX, within(1e-12));
        assertThat(out.get(1).model).isCloseTo(priorX, within(1e-12));
        assertThat(out.get(2).model).isCloseTo(0.75 * 4 + 0.25 * priorY, within(1e-12));
        assertThat(out.get(3)).isSameAs(in.get(3));
        assertThat(out.get(4)).isSameAs(in.get(4));
        // everything else about a candidate stays
        assertThat(out.get(0).itemId).isEqualTo("a");
        assertThat(out.get(0).category).isEqualTo("x");
        assertThat(out.get(0).evidence).isEqualTo(10);
    }

    @Test
    void offOrWithoutAnyEvidenceTheCandidatesAreUntouched() {
        List<Candidate> in = List.of(c("a", "x", 2.0, 0), c("b", "y", -1.0, 0));
        assertThat(ItemEvidence.shrink(in, 0)).isSameAs(in);
        assertThat(ItemEvidence.shrink(in, 5)).isSameAs(in); // no candidate has evidence: no prior to go by
    }

    /** The shrunk score lies between the item's own score and its prior, nearer the prior with less evidence. */
    @Test
    void shrunkScoresLieBetweenTheOwnScoreAndThePrior() {
        SplittableRandom r = new SplittableRandom(25);
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(30);
            Candidate[] cs = new Candidate[n];
            for (int i = 0; i < n; i++) {
                cs[i] = c("i" + i, "c" + r.nextInt(4), r.nextDouble(-5, 5), r.nextInt(50));
            }
            List<Candidate> out = ItemEvidence.shrink(List.of(cs), 8);
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (Candidate x : cs) {
                lo = Math.min(lo, x.model);
                hi = Math.max(hi, x.model);
            }
            for (int i = 0; i < n; i++) {
                double s = out.get(i).model;
                assertThat(s).isBetween(lo - 1e-9, hi + 1e-9); // a mean of the candidates' own scores
                if (cs[i].evidence == 0 && out.get(i) != cs[i]) {
                    // no evidence: the prior alone, the same for every evidence-less item of the category
                    for (int j = 0; j < n; j++) {
                        if (cs[j].evidence == 0 && cs[j].category.equals(cs[i].category)) {
                            assertThat(out.get(j).model).isEqualTo(s);
                        }
                    }
                }
            }
        }
    }

    /** In the ranker: a barely-updated item with a lucky score no longer outranks a well-known one. */
    @Test
    void theRankerPrefersTheItemWithEvidenceWhenScoresAreClose() {
        RankConfig only = RankConfig.modelOnly();
        List<Candidate> in = List.of(c("lucky", "x", 3.0, 1), c("known", "x", 2.5, 200), c("other", "x", 0.0, 200));
        InterestProfile none = InterestProfile.EMPTY;
        List<Ranker.Ranked> plain = new Ranker(only).rank(in, none, 100, 3, Ranker.Exploration.NONE,
                new SplittableRandom(1), false);
        assertThat(plain).extracting(Ranker.Ranked::itemId).startsWith("lucky", "known");
        Ranker evidence = new Ranker(only).withItemEvidence(10);
        assertThat(evidence.itemEvidence()).isEqualTo(10);
        List<Ranker.Ranked> shrunk = evidence.rank(in, none, 100, 3, Ranker.Exploration.NONE, new SplittableRandom(1),
                false);
        assertThat(shrunk).extracting(Ranker.Ranked::itemId).startsWith("known", "lucky");
        assertThatThrownBy(() -> new Ranker(only).withItemEvidence(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
