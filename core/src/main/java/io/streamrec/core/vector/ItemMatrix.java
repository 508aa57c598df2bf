package io.streamrec.core.vector;

import io.streamrec.core.kernel.TopK;
import io.streamrec.core.kernel.VectorKernels;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Item vectors in one contiguous row-major {@code float[]} with id↔row maps: what a top-K scan
 * needs (one flat pass) and what the change feed keeps fresh. Up to {@code capacity} items; a full
 * matrix refuses new items. Not thread-safe.
 *
 * <p>Layout, chosen by measurement (see README, serving benchmark): the first {@code width − 1}
 * values of each vector (the factors) fill a row padded with zeros to a whole number of SIMD
 * registers, and the last value (the bias, for item vectors) lives in its own array. For d = 64 a row
 * is then exactly four 512-bit (or eight 256-bit) loads with no scalar tail; keeping the bias in the
 * row would add a 65th float, padding and a scalar tail, and made the scan 1.6–2× slower.
 */
public final class ItemMatrix implements io.streamrec.core.model.NegativeSampler.Catalogue {
    private final int width;
    private final int factors;
    private final int stride;
    private final int capacity;
    private float[] data;
    private float[] last;
    private String[] ids;
    private long[] versions;
    /** Per row: 1 / norm of the factors (every slot but the last); 0 for a zero vector. */
    private float[] invNorms;
    private final Map<String, Integer> rows = new HashMap<>();
    private int size;

    public ItemMatrix(int width, int capacity) {
        if (width < 2) {
            throw new IllegalArgumentException("width must be at least 2 (factors and a last slot), got " + width);
        }
        this.width = width;
        this.factors = width - 1;
        this.stride = VectorKernels.paddedLength(factors);
        this.capacity = capacity;
        int initial = Math.min(capacity, 1024);
        this.data = new float[initial * stride];
        this.last = new float[initial];
        this.ids = new String[initial];
        this.versions = new long[initial];
        this.invNorms = new float[initial];
    }

    public int width() {
        return width;
    }

    /** Floats per row of the factor array (the factors, zero-padded). */
    public int stride() {
        return stride;
    }

    @Override
    public int size() {
        return size;
    }

    public boolean isFull() {
        return size >= capacity;
    }

    /**
     * Stores {@code vector} (length {@code width}) for {@code id} unless a newer version is held.
     * Returns false only when the item is new and the matrix is full.
     */
    public boolean upsert(String id, float[] vector, long version) {
        Integer row = rows.get(id);
        if (row == null) {
            if (size >= capacity) {
                return false;
            }
            if (size == ids.length) {
                int n = Math.min(capacity, Math.max(16, ids.length * 2));
                data = Arrays.copyOf(data, n * stride);
                last = Arrays.copyOf(last, n);
                ids = Arrays.copyOf(ids, n);
                versions = Arrays.copyOf(versions, n);
                invNorms = Arrays.copyOf(invNorms, n);
            }
            row = size++;
            rows.put(id, row);
            ids[row] = id;
        } else if (versions[row] > version) {
            return true;
        }
        System.arraycopy(vector, 0, data, row * stride, factors);
        last[row] = vector[factors];
        versions[row] = version;
        float norm = VectorKernels.norm(vector, 0, factors);
        invNorms[row] = norm > 0 && Float.isFinite(norm) ? 1f / norm : 0f;
        return true;
    }

    /** The row of an item, or -1. */
    public int rowOf(String id) {
        Integer r = rows.get(id);
        return r == null ? -1 : r;
    }

    @Override
    public String idAt(int row) {
        return ids[row];
    }

    public long versionAt(int row) {
        return versions[row];
    }

    /** Copies an item's vector (length {@code width}) into {@code dst}; false when unknown. */
    public boolean copyInto(String id, float[] dst) {
        Integer r = rows.get(id);
        if (r == null) {
            return false;
        }
        System.arraycopy(data, r * stride, dst, 0, factors);
        dst[factors] = last[r];
        return true;
    }

    /** A copy of a row's factors (every slot but the last). */
    public float[] factorsAt(int row) {
        return Arrays.copyOfRange(data, row * stride, row * stride + factors);
    }

    /** Top-K rows by dot product with {@code query} (length {@code width}), skipping filtered rows. */
    public void topK(float[] query, TopK heap, VectorKernels.RowFilter skip) {
        float[] padded = Arrays.copyOf(query, stride);
        Arrays.fill(padded, factors, stride, 0f);
        VectorKernels.topK(data, size, stride, padded, last, query[factors], heap, skip);
    }

    /**
     * Top-K rows by cosine similarity of their factors (all slots but the last) with those of
     * {@code row}, skipping filtered rows ({@code row} itself is the caller's to skip).
     */
    public void topKCosine(int row, TopK heap, VectorKernels.RowFilter skip) {
        float[] q = Arrays.copyOfRange(data, row * stride, row * stride + stride);
        float inv = invNorms[row];
        for (int i = 0; i < q.length; i++) {
            q[i] *= inv;
        }
        VectorKernels.topKScaled(data, size, stride, q, invNorms, heap, skip);
    }
}
