package io.streamrec.core.content;

import io.streamrec.core.kernel.TopK;
import io.streamrec.core.vector.ItemMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The items' text embeddings (unit vectors from a sentence model, stored in
 * {@link io.streamrec.core.redis.RedisKeys#ITEM_TEXT_VECTORS}), and what they are used for without
 * interactions: content similarity between items, and a new item's starting factor vector as the
 * similarity-weighted mean of the factor vectors of its nearest neighbours in text space that already
 * have one. Plain Java, no model: the vectors come from whoever embedded the texts. Not thread-safe.
 */
public final class TextSpace {
    /** One neighbour in text space: cosine similarity of the two texts. */
    public record Neighbour(String itemId, float similarity) {}

    /** How many text neighbours of a user's text profile join a request's candidates. */
    public static final int PROFILE_CANDIDATES = 50;

    private final int dim;
    private final ItemMatrix texts;
    private long version;

    public TextSpace(int dim, int capacity) {
        this.dim = dim;
        this.texts = new ItemMatrix(dim + 1, capacity); // the matrix's last slot stays 0
    }

    public int dim() {
        return dim;
    }

    public int size() {
        return texts.size();
    }

    /**
     * Stores an item's text embedding (normalised here; length {@link #dim()}); false when it does not
     * fit (wrong length, zero or non-finite vector, or the space is full).
     */
    public boolean put(String itemId, float[] embedding) {
        if (embedding == null || embedding.length != dim) {
            return false;
        }
        double s = 0;
        for (float x : embedding) {
            s += (double) x * x;
        }
        if (!(s > 0) || !Double.isFinite(s)) {
            return false;
        }
        float inv = (float) (1 / Math.sqrt(s));
        float[] v = new float[dim + 1];
        for (int j = 0; j < dim; j++) {
            v[j] = embedding[j] * inv;
        }
        return texts.upsert(itemId, v, ++version);
    }

    public boolean has(String itemId) {
        return texts.rowOf(itemId) >= 0;
    }

    /** A copy of an item's unit text vector, or null when it has none. */
    public float[] vectorOf(String itemId) {
        float[] row = new float[dim + 1];
        return texts.copyInto(itemId, row) ? Arrays.copyOf(row, dim) : null;
    }

    /**
     * A user's text profile: the mean of the text vectors of {@code items}, each weighted by its
     * {@code weights} entry (e.g. the decayed weights of the user's recent items), normalised to unit length;
     * items without a text vector or with a weight ≤ 0 do not count. Null when none counts.
     */
    public float[] profile(String[] items, double[] weights) {
        double[] sum = new double[dim];
        float[] row = new float[dim + 1];
        boolean any = false;
        for (int i = 0; i < items.length; i++) {
            if (!(weights[i] > 0) || !texts.copyInto(items[i], row)) {
                continue;
            }
            any = true;
            for (int j = 0; j < dim; j++) {
                sum[j] += weights[i] * row[j];
            }
        }
        if (!any) {
            return null;
        }
        double s = 0;
        for (double x : sum) {
            s += x * x;
        }
        if (!(s > 0) || !Double.isFinite(s)) {
            return null;
        }
        float[] out = new float[dim];
        double inv = 1 / Math.sqrt(s);
        for (int j = 0; j < dim; j++) {
            out[j] = (float) (sum[j] * inv);
        }
        return out;
    }

    /** The cosine of an item's text vector and a unit vector of length {@link #dim()}; 0 when the item has none. */
    public double similarity(float[] unit, String itemId) {
        return similarity(unit, itemId, new float[dim + 1]);
    }

    /** {@link #similarity(float[], String)} with a caller's buffer of length dim+1. */
    public double similarity(float[] unit, String itemId, float[] buffer) {
        if (!texts.copyInto(itemId, buffer)) {
            return 0;
        }
        double dot = 0;
        for (int j = 0; j < dim; j++) {
            dot += (double) unit[j] * buffer[j];
        }
        return dot;
    }

    /**
     * The {@code k} items most similar in text to {@code itemId} (itself left out) that {@code accept}
     * lets through, most similar first; empty when the item has no text vector.
     */
    public List<Neighbour> similar(String itemId, int k, Predicate<String> accept) {
        float[] row = new float[dim + 1];
        if (!texts.copyInto(itemId, row)) {
            return List.of();
        }
        return nearest(row, k, id -> !id.equals(itemId) && accept.test(id));
    }

    /** The {@code k} items nearest to a query text vector (length {@link #dim()} or dim+1), best first. */
    public List<Neighbour> nearest(float[] query, int k, Predicate<String> accept) {
        if (k <= 0 || texts.size() == 0) {
            return List.of();
        }
        float[] q = Arrays.copyOf(query, dim + 1);
        q[dim] = 0;
        TopK heap = new TopK(k);
        texts.topK(q, heap, r -> !accept.test(texts.idAt(r)));
        int[] rows = heap.rowsDescending();
        float[] scores = heap.scoresDescending();
        List<Neighbour> out = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            out.add(new Neighbour(texts.idAt(rows[i]), scores[i]));
        }
        return out;
    }

    /**
     * A starting factor vector for {@code itemId} from its text: the mean of the factor vectors (in
     * {@code factors}, width d+1) of its {@code k} nearest text neighbours that have one, each weighted by
     * its similarity; neighbours less similar than {@code minSimilarity} do not count. Null when the item
     * has no text vector or no neighbour qualifies: the caller falls back (category centroid, random).
     */
    public float[] start(String itemId, int k, float minSimilarity, ItemMatrix factors) {
        List<Neighbour> ns = similar(itemId, k, id -> factors.rowOf(id) >= 0);
        float[] sum = new float[factors.width()];
        float[] v = new float[factors.width()];
        double total = 0;
        for (Neighbour n : ns) {
            if (n.similarity() < minSimilarity || !(n.similarity() > 0) || !factors.copyInto(n.itemId(), v)) {
                continue;
            }
            for (int j = 0; j < sum.length; j++) {
                sum[j] += n.similarity() * v[j];
            }
            total += n.similarity();
        }
        if (total == 0) {
            return null;
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] = (float) (sum[j] / total);
        }
        return sum;
    }
}
