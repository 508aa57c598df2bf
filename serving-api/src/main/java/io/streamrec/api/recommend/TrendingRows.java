package io.streamrec.api.recommend;

import io.streamrec.api.index.ItemIndex;
import io.streamrec.api.index.RowSet;
import java.util.Map;
import java.util.function.Function;

/**
 * A trending list (item → popularity, most popular first, as {@code TrendingService.popularity} returns
 * it) with its items' rows in the item matrix, resolved once per list read rather than per request: the
 * list is the same for every user until it is read again, and a row is an item's for good (the matrix only
 * appends). Lets a request find a scanned item's popularity by its row and score trending items without
 * looking their ids up.
 */
final class TrendingRows {
    static final TrendingRows EMPTY = new TrendingRows(Map.of(), new String[0], new double[0], new int[0], 0);

    /** The list this was resolved from (compared by identity: a new read is a new map). */
    final Map<String, Double> source;
    final String[] ids;
    final double[] trend;
    /** -1: no vector when resolved. */
    final int[] rows;
    private final int matrixSize;
    private final boolean complete;
    /** The rows on the list, and their popularity by slot in that set. */
    private final RowSet listed;
    private final double[] trendBySlot;

    static TrendingRows of(Map<String, Double> popularity, ItemIndex items) {
        // the size before resolving: a vector added meanwhile makes this stale, never wrong
        return of(popularity, items.size(), items::rowsOf);
    }

    /** {@code rowsOf}: the rows of ids (-1 = no vector) in a matrix of {@code matrixSize} rows or more. */
    static TrendingRows of(Map<String, Double> popularity, int matrixSize, Function<String[], int[]> rowsOf) {
        String[] ids = new String[popularity.size()];
        double[] trend = new double[ids.length];
        int i = 0;
        for (Map.Entry<String, Double> e : popularity.entrySet()) {
            ids[i] = e.getKey();
            trend[i++] = e.getValue();
        }
        return new TrendingRows(popularity, ids, trend, rowsOf.apply(ids), matrixSize);
    }

    private TrendingRows(Map<String, Double> source, String[] ids, double[] trend, int[] rows, int matrixSize) {
        this.source = source;
        this.ids = ids;
        this.trend = trend;
        this.rows = rows;
        this.matrixSize = matrixSize;
        listed = new RowSet(rows.length); // room for every row: never grows, so slots stay put
        int n = 0;
        for (int row : rows) {
            if (row >= 0) {
                listed.add(row);
                n++;
            }
        }
        this.complete = n == rows.length;
        trendBySlot = new double[listed.capacity()];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] >= 0) {
                trendBySlot[listed.slotOf(rows[i])] = trend[i];
            }
        }
    }

    /** Still the resolution of {@code popularity}: the same read, and no item of it got a vector since. */
    boolean resolves(Map<String, Double> popularity, int matrixSize) {
        return source == popularity && (complete || matrixSize == this.matrixSize);
    }

    /** The popularity of the item at {@code row}, NaN when it is not on the list. */
    double trendOfRow(int row) {
        int slot = listed.slotOf(row);
        return slot < 0 ? Double.NaN : trendBySlot[slot];
    }
}
