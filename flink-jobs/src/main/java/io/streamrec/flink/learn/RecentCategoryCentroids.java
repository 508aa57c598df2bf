package io.streamrec.flink.learn;

import io.streamrec.core.vector.ItemMatrix;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The user side's start for an item it has not seen published: per category, the latest
 * {@code maxItems} items events named with that category, and the mean of their published vectors in
 * the item cache. The sum is kept as items join and leave a category's window, so a stream of new
 * items costs one vector addition each instead of a pass over the window per event. Transient, like
 * the cache it reads. Not thread-safe.
 *
 * <p>The sum is recomputed from the cache once the cache has taken as many vector updates
 * ({@link ItemMatrix#updates()}) as it holds
 * items since the last recomputation (on average every item moved once); in between, joins and
 * leaves add and subtract the items' current vectors (an item published after it joined counts from
 * the next recomputation), so the mean lags the cache by at most that many updates. It is only a starting point, which the item's owner then learns from.
 */
final class RecentCategoryCentroids {
    private final ItemMatrix items;
    private final int maxItems;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        final LinkedHashSet<String> ids = new LinkedHashSet<>();
        final float[] sum;
        int published;
        /** The cache's {@link ItemMatrix#updates()} the sum was computed at; -1: never. */
        long at = -1;

        Window(int width) {
            sum = new float[width];
        }
    }

    RecentCategoryCentroids(ItemMatrix items, int maxItems) {
        this.items = items;
        this.maxItems = maxItems;
    }

    /** The mean published vector of the category's window; null when none of its items is published. */
    float[] centroid(String category) {
        Window w = category == null ? null : windows.get(category);
        if (w == null) {
            return null;
        }
        if (w.at < 0 || items.updates() - w.at > items.size()) {
            java.util.Arrays.fill(w.sum, 0f);
            w.published = 0;
            for (String id : w.ids) {
                if (items.addTo(id, w.sum)) {
                    w.published++;
                }
            }
            w.at = items.updates();
        }
        if (w.published == 0) {
            return null;
        }
        float[] c = new float[w.sum.length];
        for (int j = 0; j < c.length; j++) {
            c[j] = w.sum[j] / w.published;
        }
        return c;
    }

    /** Records that an event named {@code itemId} with {@code category}: it joins the window, the oldest may leave. */
    void remember(String category, String itemId) {
        Window w = windows.computeIfAbsent(category, k -> new Window(items.width()));
        if (!w.ids.add(itemId)) {
            return;
        }
        boolean current = w.at >= 0;
        if (current && items.addTo(itemId, w.sum)) {
            w.published++;
        }
        if (w.ids.size() > maxItems) {
            Iterator<String> oldest = w.ids.iterator();
            String gone = oldest.next();
            oldest.remove();
            if (current && items.addTo(gone, w.sum, -1f)) {
                w.published--;
            }
        }
    }
}
