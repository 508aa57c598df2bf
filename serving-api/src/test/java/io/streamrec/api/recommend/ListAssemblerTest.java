package io.streamrec.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.model.Repurchase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The list's assembly without Redis: buy-again items blended in, and reproducible randomness. */
class ListAssemblerTest {
    static ScoredItem ranked(String id, double score) {
        return new ScoredItem(id, score, List.of("similar to items you viewed"));
    }

    static Repurchase.Scored repeat(String id, double score) {
        return new Repurchase.Scored(id, score, 1, 0, 0, 0);
    }

    @Test
    void repeatsComeFirstUpToTheirShareAndKeepTheirOwnScoreAndReason() {
        List<ScoredItem> list = List.of(ranked("a", 0.9), ranked("b", 0.8), ranked("c", 0.7), ranked("d", 0.6));
        List<Repurchase.Scored> repeats = List.of(repeat("x", 3), repeat("y", 2), repeat("z", 1));

        List<ScoredItem> out = ListAssembler.withRepeats(list, repeats, 4, 0.5, true);

        assertThat(out).extracting(ScoredItem::itemId).containsExactly("x", "y", "a", "b");
        assertThat(out.get(0).score()).isEqualTo(3.0);
        assertThat(out.get(0).reasons()).containsExactly("you bought this before");
        assertThat(out.get(2).reasons()).containsExactly("similar to items you viewed");
    }

    @Test
    void withoutRepeatsTheRankedListStandsAndWithoutExplainThereAreNoReasons() {
        List<ScoredItem> list = List.of(ranked("a", 0.9));

        assertThat(ListAssembler.withRepeats(list, List.of(), 4, 0.5, true)).isSameAs(list);
        assertThat(ListAssembler.withRepeats(list, List.of(repeat("x", 1)), 2, 0.5, false).get(0).reasons()).isNull();
    }

    @Test
    void aSeededRequestDrawsTheSameNumbersForTheSameUserOnly() {
        RecommendationService.Request alice = request("alice", 7L);

        assertThat(ListAssembler.random(alice).nextLong()).isEqualTo(ListAssembler.random(alice).nextLong());
        assertThat(ListAssembler.random(alice).nextLong())
                .isNotEqualTo(ListAssembler.random(request("bob", 7L)).nextLong());
    }

    static RecommendationService.Request request(String user, Long seed) {
        return new RecommendationService.Request(user, 10, null, RecommendationService.Exclude.SEEN, true, seed, false);
    }
}
