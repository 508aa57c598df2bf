package io.streamrec.core.vector;

import io.streamrec.core.kernel.TopK;
import io.streamrec.core.kernel.VectorKernels;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Item vectors in one contiguous row-major {@code float[]} with id↔row maps: what a top-K scan
 * needs (one flat pass) and what the change feed keeps fresh. Rows are padded to a multiple of 8
 * floats (SIMD lanes); padding is zero. Up to {@code capacity} items; a full matrix refuses new
 * items. Not thread-safe.
 */
public final class ItemMatrix implements io.streamrec.core.model.NegativeSampler.Catalogue {
    private final int width;
    private final int stride;
    private final int capacity;
    private float[] data;
    private String[] ids;
    private long[] versions;
    /** Per row: 1 / norm of the factor part (every slot but the last, which holds the bias); 0 for a zero vector. */
    private float[] invNorms;
    private final Map<String, Integer> rows = new HashMap<>();
    private int size;

    public ItemMatrix(int width, int capacity) {
        this.width = width;
        this.stride = (width + 7) / 8 * 8;
        this.capacity = capacity;
        int initial = Math.min(capacity, 1024);
        this.data = new float[initial * stride];
        this.ids = new String[initial];
        this.versions = new long[initial];
        this.invNorms = new float[initial];
    }

    public int width() {
        return width;
    }

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
        System.arraycopy(vector, 0, data, row * stride, width);
        versions[row] = version;
        float norm = VectorKernels.norm(vector, 0, Math.max(1, width - 1));
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

    /** Copies an item's vector into {@code dst}; false when unknown. */
    public boolean copyInto(String id, float[] dst) {
        Integer r = rows.get(id);
        if (r == null) {
            return false;
        }
        System.arraycopy(data, r * stride, dst, 0, width);
        return true;
    }

    /** A query padded to the row stride (zeros beyond {@code width}). */
    public float[] paddedQuery(float[] q) {
        return Arrays.copyOf(q, stride);
    }

    /** Top-K rows by dot product with a padded query, skipping filtered rows. */
    public void topK(float[] paddedQuery, TopK heap, VectorKernels.RowFilter skip) {
        VectorKernels.topK(data, size, stride, paddedQuery, heap, skip);
    }

    /**
     * Top-K rows by cosine similarity of their factor part (all slots but the last) with that of
     * {@code row}, skipping filtered rows (and {@code row} itself is the caller's to skip).
     */
    public void topKCosine(int row, TopK heap, VectorKernels.RowFilter skip) {
        float[] q = new float[stride];
        System.arraycopy(data, row * stride, q, 0, Math.max(1, width - 1));
        float inv = invNorms[row];
        for (int i = 0; i < q.length; i++) {
            q[i] *= inv;
        }
        VectorKernels.topKScaled(data, size, stride, q, invNorms, heap, skip);
    }

    /** The backing array (rows of {@link #stride()} floats), for benchmarks. */
    public float[] data() {
        return data;
    }
}
