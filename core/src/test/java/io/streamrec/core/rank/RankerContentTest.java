package io.streamrec.core.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The content score: a share for users with little history that falls as the model's confidence grows. */
class RankerContentTest {
    /** Model only, half confidence at 5 events. */
    private static final RankConfig PLAIN = RankConfig.modelOnly().withOverrides(java.util.Map.of("rank.history-events", "5"));

    private static List<Ranker.Candidate> candidates() {
        return List.of(new Ranker.Candidate("model-best", "c1", 2.0, 0, null, 0, 0.1),
                new Ranker.Candidate("described-alike", "c2", -1.0, 0, null, 0, 0.9),
                new Ranker.Candidate("no-text", "c3", 0.5, 0, null, 0, Double.NaN));
    }

    private static List<Ranker.Ranked> rank(Ranker r, double history, boolean explain) {
        return r.rank(candidates(), InterestProfile.EMPTY, history, 3, Ranker.Exploration.NONE, new SplittableRandom(1),
                explain);
    }

    private static List<String> ids(List<Ranker.Ranked> r) {
        return r.stream().map(Ranker.Ranked::itemId).toList();
    }

    @Test
    void aNewUserGetsItemsDescribedLikeTheirsAndAnEstablishedOneTheModels() {
        Ranker content = new Ranker(PLAIN, 0, 0.8);

        List<Ranker.Ranked> newUser = rank(content, 1, true);
        assertThat(newUser.get(0).itemId()).isEqualTo("described-alike");
        assertThat(newUser.get(0).reasons()).contains(Ranker.CONTENT_REASON);

        assertThat(ids(rank(content, 1000, false))).containsExactly("model-best", "no-text", "described-alike");
    }

    @Test
    void aZeroShareOrNoTextLeavesTheRankingAsItWas() {
        List<Ranker.Ranked> without = rank(new Ranker(PLAIN), 1, true);
        assertThat(rank(new Ranker(PLAIN, 0, 0), 1, true)).isEqualTo(without);

        List<Ranker.Candidate> noText = List.of(new Ranker.Candidate("a", "c1", 2.0, 0, null, 0, 0),
                new Ranker.Candidate("b", "c2", -1.0, 0, null, 0, Double.NaN));
        assertThat(new Ranker(PLAIN, 0, 0.8).rank(noText, InterestProfile.EMPTY, 1, 2, Ranker.Exploration.NONE,
                new SplittableRandom(1), false)).isEqualTo(new Ranker(PLAIN).rank(noText, InterestProfile.EMPTY, 1, 2,
                Ranker.Exploration.NONE, new SplittableRandom(1), false));
    }

    @Test
    void theShareFallsSmoothlyWithHistory() {
        Ranker r = new Ranker(PLAIN, 0.3, 0.8);
        assertThat(r.contentShare(0)).isEqualTo(0.8);
        assertThat(r.contentShare(5)).isCloseTo(0.4, within(1e-12)); // ν = rank.history-events: half
        assertThat(r.contentShare(1)).isGreaterThan(r.contentShare(2));
        assertThat(r.contentShare(95)).isCloseTo(0.04, within(1e-12));
    }

    @Test
    void refusesAShareOutsideZeroToOne() {
        assertThatThrownBy(() -> new Ranker(PLAIN, 0, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ranker(PLAIN, 0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
