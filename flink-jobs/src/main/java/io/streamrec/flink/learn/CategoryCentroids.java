package io.streamrec.flink.learn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Running mean of the item vectors of each category, over the items one item-side instance owns
 * (items are spread evenly over instances, so each sees a fair sample of every category). New items
 * of a known category start at its centroid. Plain Java; checkpointed as operator state.
 */
public final class CategoryCentroids {
    private final int width;
    private final Map<String, double[]> sums = new HashMap<>();
    private final Map<String, Long> counts = new HashMap<>();

    public CategoryCentroids(int width) {
        this.width = width;
    }

    /** The centroid of a category, or null when no item of it is known yet. */
    public float[] centroid(String category) {
        Long n = category == null ? null : counts.get(category);
        if (n == null || n == 0) {
            return null;
        }
        double[] s = sums.get(category);
        float[] c = new float[width];
        for (int j = 0; j < width; j++) {
            c[j] = (float) (s[j] / n);
        }
        return c;
    }

    /** Records an item of {@code category} moving from {@code before} (null: new item) to {@code after}. */
    public void update(String category, float[] before, float[] after) {
        if (category == null) {
            return;
        }
        double[] s = sums.computeIfAbsent(category, k -> new double[width]);
        for (int j = 0; j < width; j++) {
            s[j] += after[j] - (before == null ? 0 : before[j]);
        }
        if (before == null) {
            counts.merge(category, 1L, Long::sum);
        }
    }

    /** One snapshot entry per category. */
    public record Entry(String category, double[] sum, long count) {}

    public List<Entry> snapshot() {
        List<Entry> out = new ArrayList<>();
        sums.forEach((c, s) -> out.add(new Entry(c, s.clone(), counts.getOrDefault(c, 0L))));
        return out;
    }

    /** Merges restored entries (after rescaling, several instances' entries may meet). */
    public void restore(Iterable<Entry> entries) {
        for (Entry e : entries) {
            double[] s = sums.computeIfAbsent(e.category(), k -> new double[width]);
            for (int j = 0; j < width && j < e.sum().length; j++) {
                s[j] += e.sum()[j];
            }
            counts.merge(e.category(), e.count(), Long::sum);
        }
    }
}
