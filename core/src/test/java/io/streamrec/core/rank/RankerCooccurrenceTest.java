package io.streamrec.core.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankerCooccurrenceTest {
    private static final RankConfig PLAIN = RankConfig.modelOnly();

    private static List<Ranker.Candidate> candidates() {
        return List.of(new Ranker.Candidate("model-best", "c1", 3.0, 0, null, 0),
                new Ranker.Candidate("bought-together", "c2", -1.0, 0, null, 2.0),
                new Ranker.Candidate("a-bit-of-both", "c3", 1.0, 0, null, 1.0));
    }

    private static List<String> ids(List<Ranker.Ranked> r) {
        return r.stream().map(Ranker.Ranked::itemId).toList();
    }

    @Test
    void theShareMovesCoOccurringItemsUpAndZeroLeavesTheRankingAsItWas() {
        List<Ranker.Ranked> none = new Ranker(PLAIN, 0).rank(candidates(), InterestProfile.EMPTY, 100, 3,
                Ranker.Exploration.NONE, new SplittableRandom(1), false);
        List<Ranker.Ranked> without = new Ranker(PLAIN).rank(candidates(), InterestProfile.EMPTY, 100, 3,
                Ranker.Exploration.NONE, new SplittableRandom(1), false);
        assertThat(ids(none)).containsExactly("model-best", "a-bit-of-both", "bought-together");
        assertThat(none).isEqualTo(without);

        List<Ranker.Ranked> half = new Ranker(PLAIN, 0.5).rank(candidates(), InterestProfile.EMPTY, 100, 3,
                Ranker.Exploration.NONE, new SplittableRandom(1), true);
        // half σ(model score), half co-occurrence relative to the strongest (2)
        assertThat(ids(half)).containsExactly("bought-together", "a-bit-of-both", "model-best");
        assertThat(half.get(0).reasons()).contains("often taken together with your recent items");

        assertThat(ids(new Ranker(PLAIN, 1).rank(candidates(), InterestProfile.EMPTY, 100, 3,
                Ranker.Exploration.NONE, new SplittableRandom(1), false)).get(0)).isEqualTo("bought-together");
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new Ranker(PLAIN, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ranker(PLAIN, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
