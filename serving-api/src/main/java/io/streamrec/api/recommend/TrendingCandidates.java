package io.streamrec.api.recommend;

import io.streamrec.api.index.RowSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The items a request adds to the model's candidates from lists (trending overall, trending per category,
 * co-occurring), in the order they were taken, each once: items with a row in the item matrix are told
 * apart by row (shared with the scan's candidates), items without a vector yet by id.
 */
final class TrendingCandidates {
    /** Whether an item may be recommended in this request; {@code row} is -1 for an item without a vector. */
    @FunctionalInterface
    interface Admission {
        boolean admits(int row, String itemId);
    }

    final String[] ids;
    final int[] rows;
    final double[] trend;
    final String[] category;
    /** Rows already candidates (the scan's, then these); items without a row in {@link #takenIds}. */
    private final RowSet taken;
    private final Set<String> takenIds = new HashSet<>();
    int n;

    /** {@code taken}: the rows already candidates (the scan's); this adds its own. */
    TrendingCandidates(int capacity, RowSet taken) {
        ids = new String[capacity];
        rows = new int[capacity];
        trend = new double[capacity];
        category = new String[capacity];
        this.taken = taken;
    }

    /**
     * Takes up to {@code max} admitted items of a list that are not candidates yet, with their popularity
     * (and the list's category, when it is a category's list); an item already a candidate counts towards
     * {@code max}, an item not admitted does not.
     */
    void take(TrendingRows list, int max, Admission admission, String listCategory) {
        int seen = 0;
        for (int i = 0; i < list.ids.length && seen < max; i++) {
            String id = list.ids[i];
            int row = list.rows[i]; // current: a list is resolved again when the matrix grew
            if (row >= 0 ? taken.contains(row) : takenIds.contains(id)) {
                seen++;
                continue;
            }
            if (n < ids.length && admission.admits(row, id)) {
                if (row >= 0) {
                    taken.add(row);
                } else {
                    takenIds.add(id);
                }
                ids[n] = id;
                rows[n] = row;
                trend[n] = list.trend[i];
                category[n++] = listCategory;
                seen++;
            }
        }
    }
}
