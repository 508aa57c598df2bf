package io.streamrec.api.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.catalog.CatalogItem;
import io.streamrec.core.kernel.TopK;
import io.streamrec.core.vector.ItemMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rows become answers: ids and scores best first, and what ranking needs of each item, its category from
 * the row's flags (from the catalogue entry where the row is blocked) and its factors only without one.
 */
class RowFactsTest {
    final ItemMatrix matrix = new ItemMatrix(3, 100); // two factors and the bias
    final CatalogFlags flags = new CatalogFlags();
    final RowFacts facts = new RowFacts(matrix, flags);

    RowFactsTest() {
        matrix.upsert("a", new float[] {1, 0, 0.5f}, 1);
        matrix.upsert("b", new float[] {0, 2, 0}, 1);
        matrix.upsert("c", new float[] {3, 0, 0}, 1);
        flags.apply(new CatalogItem("a", "tools", List.of(), null, true, false, 1), matrix);
        flags.apply(new CatalogItem("c", "garden", List.of(), null, false, false, 1), matrix); // unavailable
        flags.flagNewRows(matrix);
    }

    TopK heapOf(float... scoresByRow) {
        TopK heap = new TopK(scoresByRow.length);
        for (int row = 0; row < scoresByRow.length; row++) {
            heap.offer(row, scoresByRow[row]);
        }
        return heap;
    }

    @Test
    void scoredListsIdsBestFirst() {
        assertThat(facts.scored(heapOf(0.5f, 2f, 1f))).containsExactly(
                new ItemIndex.Scored("b", 2f), new ItemIndex.Scored("c", 1f), new ItemIndex.Scored("a", 0.5f));
    }

    @Test
    void factsCarryTheRowsCategoryAndFactorsOnlyWithoutOne() {
        List<ItemIndex.ItemFacts> out = facts.facts(heapOf(0.5f, 2f));
        assertThat(out).extracting(ItemIndex.ItemFacts::itemId).containsExactly("b", "a");
        assertThat(out.get(0).category()).isNull();
        assertThat(out.get(0).factors()).containsExactly(0f, 2f);
        assertThat(out.get(0).row()).isEqualTo(1);
        assertThat(out.get(1).category()).isEqualTo("tools");
        assertThat(out.get(1).factors()).isNull();
        assertThat(out.get(1).score()).isEqualTo(0.5f);
    }

    @Test
    void factsAtScoreTheQueryAndReadABlockedRowsCategoryFromItsEntry() {
        ItemIndex.ItemFacts a = facts.at("a", 0, new float[] {2, 0, 1});
        assertThat(a.score()).as("2·1 + the bias 0.5·1").isEqualTo(2.5f);
        assertThat(a.category()).isEqualTo("tools");
        assertThat(facts.at("c", 2, new float[] {1, 0, 0}).category()).as("blocked row").isEqualTo("garden");
        assertThat(facts.at("a", 0, null).score()).isNaN();
        assertThat(facts.at("a", 0, new float[] {1, 0}).score()).as("a query of another width").isNaN();
    }
}
