package io.streamrec.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.api.index.RowSet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lists' share of a request's candidates: each item once, admitted ones only, up to each list's quota. */
class TrendingCandidatesTest {
    static final Map<String, Integer> MATRIX = Map.of("tent", 1, "stove", 2, "mug", 3, "lamp", 4);

    static TrendingRows list(String... ids) {
        Map<String, Double> popularity = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            popularity.put(ids[i], 10.0 - i);
        }
        return TrendingRows.of(popularity, 10, xs -> Arrays.stream(xs).mapToInt(x -> MATRIX.getOrDefault(x, -1)).toArray());
    }

    static final TrendingCandidates.Admission ALL = (row, id) -> true;

    @Test
    void takesEachItemOnceAcrossTheScanAndTheLists() {
        RowSet scanned = new RowSet(8);
        scanned.add(MATRIX.get("tent")); // the scan found it already
        TrendingCandidates c = new TrendingCandidates(10, scanned);

        c.take(list("tent", "mug", "new-a"), 10, ALL, null);
        c.take(list("mug", "new-a", "lamp"), 10, ALL, "camping");

        assertThat(Arrays.copyOf(c.ids, c.n)).containsExactly("mug", "new-a", "lamp");
        assertThat(Arrays.copyOf(c.rows, c.n)).containsExactly(3, -1, 4);
        assertThat(Arrays.copyOf(c.category, c.n)).containsExactly(null, null, "camping");
        assertThat(Arrays.copyOf(c.trend, c.n)).containsExactly(9.0, 8.0, 8.0);
    }

    @Test
    void aListsQuotaCountsItemsAlreadyTakenButNotItemsRefused() {
        RowSet scanned = new RowSet(8);
        scanned.add(MATRIX.get("tent"));
        TrendingCandidates c = new TrendingCandidates(10, scanned);
        Set<String> unavailable = Set.of("stove");

        c.take(list("tent", "stove", "mug", "lamp"), 2, (row, id) -> !unavailable.contains(id), null);

        assertThat(Arrays.copyOf(c.ids, c.n)).containsExactly("mug"); // tent counted, stove refused, quota reached
    }

    @Test
    void neverTakesMoreThanItsCapacity() {
        TrendingCandidates c = new TrendingCandidates(2, new RowSet(4));

        c.take(list("tent", "stove", "mug", "lamp"), 10, ALL, null);

        assertThat(c.n).isEqualTo(2);
        assertThat(Arrays.copyOf(c.ids, c.n)).containsExactly("tent", "stove");
    }
}
