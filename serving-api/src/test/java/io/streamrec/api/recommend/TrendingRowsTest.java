package io.streamrec.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrendingRowsTest {
    private static Map<String, Double> list(Object... idAndTrend) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < idAndTrend.length; i += 2) {
            m.put((String) idAndTrend[i], (Double) idAndTrend[i + 1]);
        }
        return m;
    }

    private static int[] rows(String[] ids, Map<String, Integer> matrix) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = matrix.getOrDefault(ids[i], -1);
        }
        return out;
    }

    @Test
    void keepsTheListOrderAndFindsPopularityByRow() {
        Map<String, Integer> matrix = Map.of("tent", 7, "stove", 2, "mug", 40);
        Map<String, Double> popularity = list("mug", 9.0, "tent", 5.0, "stove", 1.5);
        TrendingRows t = TrendingRows.of(popularity, 41, ids -> rows(ids, matrix));

        assertThat(t.ids).containsExactly("mug", "tent", "stove");
        assertThat(t.trend).containsExactly(9.0, 5.0, 1.5);
        assertThat(t.rows).containsExactly(40, 7, 2);
        assertThat(t.trendOfRow(7)).isEqualTo(5.0);
        assertThat(t.trendOfRow(40)).isEqualTo(9.0);
        assertThat(t.trendOfRow(2)).isEqualTo(1.5);
        assertThat(t.trendOfRow(3)).isNaN();
        assertThat(TrendingRows.EMPTY.trendOfRow(0)).isNaN();
    }

    @Test
    void isStaleForANewReadAndWhenAnItemWithoutAVectorMayHaveGotOne() {
        Map<String, Double> popularity = list("tent", 5.0, "lamp", 3.0);
        TrendingRows t = TrendingRows.of(popularity, 10, ids -> rows(ids, Map.of("tent", 4)));
        assertThat(t.rows).containsExactly(4, -1);
        assertThat(t.trendOfRow(4)).isEqualTo(5.0);
        assertThat(t.resolves(popularity, 10)).isTrue();
        assertThat(t.resolves(popularity, 11)).as("the matrix grew: lamp may have a row now").isFalse();
        assertThat(t.resolves(list("tent", 5.0, "lamp", 3.0), 10)).as("another read, even if equal").isFalse();

        TrendingRows complete = TrendingRows.of(list("tent", 5.0), 10, ids -> rows(ids, Map.of("tent", 4)));
        assertThat(complete.resolves(complete.source, 500)).as("every item resolved: growth does not matter").isTrue();
    }
}
