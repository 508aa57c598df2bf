package io.streamrec.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.vector.ItemMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextSpaceTest {
    static float[] v(float... xs) {
        return xs;
    }

    @Test
    void similarRanksByCosineAndLeavesOutTheItemItself() {
        TextSpace t = new TextSpace(3, 100);
        t.put("mug", v(1, 0, 0));
        t.put("cup", v(2, 0.2f, 0)); // normalised on the way in
        t.put("tea", v(1, 1, 0));
        t.put("bag", v(0, 0, 1));
        List<TextSpace.Neighbour> s = t.similar("mug", 3, id -> true);
        assertThat(s).extracting(TextSpace.Neighbour::itemId).containsExactly("cup", "tea", "bag");
        assertThat(s.get(0).similarity()).isCloseTo((float) (2 / Math.sqrt(4.04)), within(1e-5f));
        assertThat(s.get(2).similarity()).isCloseTo(0f, within(1e-6f));
        assertThat(t.similar("mug", 3, id -> !id.equals("cup"))).extracting(TextSpace.Neighbour::itemId)
                .containsExactly("tea", "bag");
        assertThat(t.similar("unknown", 3, id -> true)).isEmpty();
    }

    @Test
    void rejectsVectorsThatDoNotFit() {
        TextSpace t = new TextSpace(3, 1);
        assertThat(t.put("a", v(1, 0))).isFalse();
        assertThat(t.put("a", v(0, 0, 0))).isFalse();
        assertThat(t.put("a", v(Float.NaN, 0, 0))).isFalse();
        assertThat(t.put("a", v(0, 3, 4))).isTrue();
        assertThat(t.vectorOf("a")).containsExactly(0f, 0.6f, 0.8f);
        assertThat(t.put("b", v(1, 0, 0))).isFalse(); // full
        assertThat(t.put("a", v(1, 0, 0))).isTrue(); // replacing fits
        assertThat(t.vectorOf("a")).containsExactly(1f, 0f, 0f);
    }

    @Test
    void startIsTheSimilarityWeightedMeanOfTheNeighboursThatHaveFactors() {
        TextSpace t = new TextSpace(2, 100);
        t.put("new", v(1, 0));
        t.put("near", v(0.8f, 0.6f)); // cosine 0.8
        t.put("far", v(0.6f, 0.8f)); // cosine 0.6
        t.put("opposite", v(-1, 0)); // cosine -1: never counts
        t.put("unlearned", v(1, 0.01f)); // nearest, but no factor vector yet
        ItemMatrix factors = new ItemMatrix(3, 100); // d = 2, bias last
        factors.upsert("near", v(1, 0, 0.5f), 1);
        factors.upsert("far", v(0, 1, -0.5f), 1);
        factors.upsert("opposite", v(9, 9, 9), 1);

        float[] s = t.start("new", 5, 0f, factors);
        assertThat(s).hasSize(3);
        assertThat(s[0]).isCloseTo(0.8f / 1.4f, within(1e-5f));
        assertThat(s[1]).isCloseTo(0.6f / 1.4f, within(1e-5f));
        assertThat(s[2]).isCloseTo((0.8f * 0.5f - 0.6f * 0.5f) / 1.4f, within(1e-5f));

        // only the nearest one when k = 1, and none above a similarity floor of 0.9
        assertThat(t.start("new", 1, 0f, factors)).containsExactly(1f, 0f, 0.5f);
        assertThat(t.start("new", 5, 0.9f, factors)).isNull();
        assertThat(t.start("no-text", 5, 0f, factors)).isNull();
    }

    @Test
    void aProfileIsTheWeightedMeanOfTheTextsItemsHaveAndScoresByCosine() {
        TextSpace t = new TextSpace(2, 10);
        t.put("mug", v(1, 0));
        t.put("bag", v(0, 3));

        float[] p = t.profile(new String[] {"mug", "bag", "untexted"}, new double[] {3, 1, 5});

        double norm = Math.sqrt(10);
        assertThat(p[0]).isCloseTo((float) (3 / norm), within(1e-6f));
        assertThat(p[1]).isCloseTo((float) (1 / norm), within(1e-6f));
        assertThat(t.similarity(p, "mug")).isCloseTo(3 / norm, within(1e-6));
        assertThat(t.similarity(p, "untexted")).isZero();
        assertThat(t.profile(new String[] {"untexted", "mug"}, new double[] {1, 0})).isNull();
    }
}
