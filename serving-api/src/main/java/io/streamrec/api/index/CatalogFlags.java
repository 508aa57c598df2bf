package io.streamrec.api.index;

import io.streamrec.core.catalog.CatalogItem;
import io.streamrec.core.kernel.VectorKernels;
import io.streamrec.core.vector.ItemMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalogue as the index needs it: every entry by id, and per matrix row whether the item may be
 * recommended and its category id, so that a scan's filters are array reads. An item without an entry
 * is recommendable and has no category; one the catalogue marks unavailable or deleted never is.
 *
 * <p>Not locked itself: {@link ItemIndex} changes it under its write lock and reads it under its read
 * lock; only the per-id map is concurrent, so that a request's per-id lookups need no lock.
 */
final class CatalogFlags {
    static final int NO_CATEGORY = -1;

    private final Map<String, CatalogItem> catalog = new ConcurrentHashMap<>();
    private final Map<String, Integer> categoryIds = new HashMap<>();
    private final List<String> categoryNames = new ArrayList<>();
    private volatile Set<String> categories = Set.of();
    private boolean[] blocked = new boolean[1024];
    private int[] categoryOf = new int[1024];
    /** Rows whose {@link #blocked} and {@link #categoryOf} are set. */
    private int flagged;

    /** Applies an entry unless the one held is newer; flags its row if it has one. */
    void apply(CatalogItem item, ItemMatrix matrix) {
        CatalogItem held = catalog.get(item.itemId());
        if (held != null && held.updatedAt() > item.updatedAt()) {
            return;
        }
        catalog.put(item.itemId(), item);
        if (item.category() != null && !categories.contains(item.category())) {
            Set<String> grown = new HashSet<>(categories);
            grown.add(item.category());
            categories = Set.copyOf(grown);
        }
        int row = matrix.rowOf(item.itemId());
        if (row >= 0 && row < flagged) {
            flag(row, item);
        }
    }

    /** Flags the rows the matrix gained since the last call. */
    void flagNewRows(ItemMatrix matrix) {
        int size = matrix.size();
        if (size > blocked.length) {
            int n = Math.max(size, blocked.length * 2);
            blocked = Arrays.copyOf(blocked, n);
            categoryOf = Arrays.copyOf(categoryOf, n);
        }
        for (int row = flagged; row < size; row++) {
            flag(row, catalog.get(matrix.idAt(row)));
        }
        flagged = size;
    }

    private void flag(int row, CatalogItem item) {
        blocked[row] = item != null && !item.recommendable();
        categoryOf[row] = item == null || item.category() == null ? NO_CATEGORY
                : categoryIds.computeIfAbsent(item.category(), c -> {
                    categoryNames.add(c);
                    return categoryNames.size() - 1;
                });
    }

    int flagged() {
        return flagged;
    }

    /** A flagged row's category name, or null (no category, or not flagged yet). */
    String categoryAt(int row) {
        int c = row < flagged ? categoryOf[row] : NO_CATEGORY;
        return c == NO_CATEGORY ? null : categoryNames.get(c);
    }

    /** Whether the row is flagged and not blocked (so its flags tell its category). */
    boolean openRow(int row) {
        return row < flagged && !blocked[row];
    }

    /** Skips {@code self}, unflagged and blocked rows, {@code excluded} and other categories than {@code categoryName}. */
    VectorKernels.RowFilter rowFilter(RowSet excluded, String categoryName, int self) {
        boolean[] b = blocked;
        int[] cats = categoryOf;
        int n = flagged;
        int category;
        if (categoryName == null) {
            category = Integer.MIN_VALUE;
        } else {
            Integer id = categoryIds.get(categoryName);
            category = id == null ? Integer.MAX_VALUE : id; // an unknown category matches nothing
        }
        return row -> row == self || row >= n || b[row]
                || (category != Integer.MIN_VALUE && cats[row] != category)
                || (excluded != null && excluded.contains(row));
    }

    /** Whether the item may be recommended under {@code filter}, by its entry (no row needed). */
    boolean admits(String itemId, ItemIndex.Filter filter) {
        if (filter.exclude().contains(itemId)) {
            return false;
        }
        CatalogItem c = catalog.get(itemId);
        if (c != null && !c.recommendable()) {
            return false;
        }
        return filter.category() == null || (c != null && filter.category().equals(c.category()));
    }

    CatalogItem entry(String itemId) {
        return catalog.get(itemId);
    }

    /** The item's category, or null (unknown item, no category, deleted). */
    String categoryOf(String itemId) {
        CatalogItem c = catalog.get(itemId);
        return c == null || c.deleted() ? null : c.category();
    }

    Set<String> categories() {
        return categories;
    }

    int entries() {
        return catalog.size();
    }
}
