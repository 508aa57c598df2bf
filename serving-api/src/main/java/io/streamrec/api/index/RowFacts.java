package io.streamrec.api.index;

import io.streamrec.core.kernel.TopK;
import io.streamrec.core.vector.ItemMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns matrix rows into what the index's callers get back: ids with scores ({@link ItemIndex.Scored}) or
 * what ranking needs of each item ({@link ItemIndex.ItemFacts}), from the rows and their catalogue flags
 * without looking anything up by id where the flags tell. Not locked itself: callers hold the index's read
 * lock.
 */
final class RowFacts {
    private final ItemMatrix matrix;
    private final CatalogFlags flags;

    RowFacts(ItemMatrix matrix, CatalogFlags flags) {
        this.matrix = matrix;
        this.flags = flags;
    }

    /** The heap's items with their scores, best first. */
    List<ItemIndex.Scored> scored(TopK heap) {
        int[] rows = heap.rowsDescending();
        float[] scores = heap.scoresDescending();
        List<ItemIndex.Scored> out = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            out.add(new ItemIndex.Scored(matrix.idAt(rows[i]), scores[i]));
        }
        return out;
    }

    /** The heap's items with their facts, best first, each category from its row's flags. */
    List<ItemIndex.ItemFacts> facts(TopK heap) {
        int[] rows = heap.rowsDescending();
        float[] scores = heap.scoresDescending();
        List<ItemIndex.ItemFacts> out = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            String c = flags.categoryAt(rows[i]);
            // factors only serve similarity where no category is known (ranking's MMR)
            out.add(new ItemIndex.ItemFacts(matrix.idAt(rows[i]), c, scores[i],
                    c == null ? matrix.factorsAt(rows[i]) : null, rows[i], matrix.versionAt(rows[i])));
        }
        return out;
    }

    /**
     * The facts of item {@code id} at {@code row}: its dot product with {@code query} (NaN when the query is
     * null or of another width), its category and, when it has none, a copy of its factors.
     */
    ItemIndex.ItemFacts at(String id, int row, float[] query) {
        float score = query != null && query.length == matrix.width() ? matrix.dotRow(row, query) : Float.NaN;
        String category;
        if (flags.openRow(row)) { // the row's flags say it (a blocked row may be a deleted item's)
            category = flags.categoryAt(row);
        } else {
            category = flags.categoryOf(id);
        }
        return new ItemIndex.ItemFacts(id, category, score, category == null ? matrix.factorsAt(row) : null, row,
                matrix.versionAt(row));
    }
}
