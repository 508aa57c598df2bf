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
    /** Per category its items' vector sum and count, in one entry: one lookup per update. */
    private final Map<String, Centroid> byCategory = new HashMap<>();

    private static final class Centroid {
        final double[] sum;
        long count;

        Centroid(int width) {
            sum = new double[width];
        }
    }

    public CategoryCentroids(int width) {
        this.width = width;
    }

    /** The centroid of a category, or null when no item of it is known yet. */
    public float[] centroid(String category) {
        Centroid c = category == null ? null : byCategory.get(category);
        if (c == null || c.count == 0) {
            return null;
        }
        float[] out = new float[width];
        for (int j = 0; j < width; j++) {
            out[j] = (float) (c.sum[j] / c.count);
        }
        return out;
    }

    /** Records an item of {@code category} moving from {@code before} (null: new item) to {@code after}. */
    public void update(String category, float[] before, float[] after) {
        if (category == null) {
            return;
        }
        Centroid c = byCategory.get(category);
        if (c == null) {
            c = new Centroid(width);
            byCategory.put(category, c);
        }
        double[] s = c.sum;
        if (before == null) {
            for (int j = 0; j < width; j++) {
                s[j] += after[j];
            }
            c.count++;
        } else {
            for (int j = 0; j < width; j++) {
                s[j] += after[j] - before[j];
            }
        }
    }

    /** One snapshot entry per category. */
    public record Entry(String category, double[] sum, long count) {}

    public List<Entry> snapshot() {
        List<Entry> out = new ArrayList<>();
        byCategory.forEach((k, c) -> out.add(new Entry(k, c.sum.clone(), c.count)));
        return out;
    }

    /** Merges restored entries (after rescaling, several instances' entries may meet). */
    public void restore(Iterable<Entry> entries) {
        for (Entry e : entries) {
            Centroid c = byCategory.computeIfAbsent(e.category(), k -> new Centroid(width));
            for (int j = 0; j < width && j < e.sum().length; j++) {
                c.sum[j] += e.sum()[j];
            }
            c.count += e.count();
        }
    }
}
