package io.streamrec.core.vector;

import io.streamrec.core.kernel.ScanPool;
import io.streamrec.core.kernel.TopK;
import io.streamrec.core.kernel.VectorKernels;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Item vectors in one contiguous row-major {@code float[]} with id↔row maps: what a top-K scan
 * needs (one flat pass) and what the change feed keeps fresh. Up to {@code capacity} items; a full
 * matrix refuses new items. Not thread-safe.
 *
 * <p>Layout, chosen by measurement (see README, serving benchmark): the first {@code width − 1}
 * values of each vector (the factors) fill a row padded with zeros to a whole number of SIMD
 * registers, and the last value (the bias, for item vectors) lives in its own array. For d = 64 a row
 * is then exactly four 512-bit (or eight 256-bit) loads with no scalar tail; keeping the bias in the
 * row would add a 65th float, padding and a scalar tail (measured slower: docs/benchmarks.md).
 *
 * <p>Large catalogues ({@link #quantizeFrom}): an int8 copy of the rows ({@link QuantizedRows}) serves a
 * first pass that reads a quarter of the bytes; its candidates are re-scored from the float rows, and
 * the result is only taken when it is provably the exact top K (otherwise, rarely, the float scan runs):
 * the same items and scores as the float scan, faster where the float scan is bound by memory bandwidth.
 * The pass and its proof are {@link QuantizedScan}; this class is the storage and the float scans, all
 * that the learners' item caches use.
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
    private final RowIndex rows = new RowIndex(1024);
    private int size;
    private long updates;
    private QuantizedRows quantized;
    private int quantizedFrom = Integer.MAX_VALUE;
    private final LongAdder exactRescans = new LongAdder();

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
        this.last = new float[QuantizedRows.roundUp(initial)]; // whole blocks, for the int8 pass
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
        int row = rows.get(id);
        if (row < 0) {
            if (size >= capacity) {
                return false;
            }
            if (size == ids.length) {
                int n = Math.min(capacity, Math.max(16, ids.length * 2));
                data = Arrays.copyOf(data, n * stride);
                last = Arrays.copyOf(last, QuantizedRows.roundUp(n));
                if (quantized != null) {
                    quantized.ensureRows(n);
                }
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
        updates++;
        float norm = VectorKernels.norm(vector, 0, factors);
        invNorms[row] = norm > 0 && Float.isFinite(norm) ? 1f / norm : 0f;
        if (quantized != null) {
            quantized.set(row, data, row * stride, invNorms[row]);
        }
        return true;
    }

    /**
     * Keeps an int8 copy of the rows from now on and scans with it (then re-scores exactly) whenever the
     * matrix holds at least {@code minRows} items; below that, and for factors wider than 512, the float
     * scan alone. Results are the same either way.
     */
    public void quantizeFrom(int minRows) {
        if (factors > QuantizedRows.MAX_DIM) {
            return;
        }
        if (quantized == null) {
            quantized = new QuantizedRows(factors, ids.length);
            for (int row = 0; row < size; row++) {
                quantized.set(row, data, row * stride, invNorms[row]);
            }
        }
        quantizedFrom = minRows;
    }

    /** Whether scans currently take the int8 first pass. */
    public boolean scansQuantized() {
        return quantized != null && size >= quantizedFrom;
    }

    /**
     * How many quantised scans could not prove their candidates were the top K and ran the float scan
     * after all (expected: a tiny share; many mean the pass keeps too few candidates for the data).
     */
    public long exactRescans() {
        return exactRescans.sum();
    }

    /** Vectors stored so far (each accepted {@link #upsert}): a version of the whole matrix for derived caches. */
    public long updates() {
        return updates;
    }

    /** The row of an item, or -1. */
    public int rowOf(String id) {
        return rows.get(id);
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
        int r = rows.get(id);
        if (r < 0) {
            return false;
        }
        System.arraycopy(data, r * stride, dst, 0, factors);
        dst[factors] = last[r];
        return true;
    }

    /** Copies row {@code row}'s vector (length {@code width}) into {@code dst}. */
    public void copyRow(int row, float[] dst) {
        System.arraycopy(data, row * stride, dst, 0, factors);
        dst[factors] = last[row];
    }

    /** Adds an item's vector (length {@code width}) to {@code sum}, without a copy; false when unknown. */
    public boolean addTo(String id, float[] sum) {
        return addTo(id, sum, 1f);
    }

    /** Adds {@code scale} times an item's vector (length {@code width}) to {@code sum}; false when unknown. */
    public boolean addTo(String id, float[] sum, float scale) {
        int r = rows.get(id);
        if (r < 0) {
            return false;
        }
        VectorKernels.axpy(scale, data, r * stride, sum, 0, factors);
        sum[factors] += scale * last[r];
        return true;
    }

    /** The dot product of a row's whole vector (factors and last slot) with {@code query} (length {@code width}). */
    public float dotRow(int row, float[] query) {
        return VectorKernels.dot(data, row * stride, query, 0, factors) + last[row] * query[factors];
    }

    /** A copy of a row's factors (every slot but the last). */
    public float[] factorsAt(int row) {
        return Arrays.copyOfRange(data, row * stride, row * stride + factors);
    }

    /** Top-K rows by dot product with {@code query} (length {@code width}), skipping filtered rows. */
    public void topK(float[] query, TopK heap, VectorKernels.RowFilter skip) {
        topK(query, heap, skip, ScanPool.SERIAL);
    }

    /**
     * {@link #topK(float[], TopK, VectorKernels.RowFilter)}, split over the idle threads of {@code pool} when the
     * matrix is large enough: the same rows and scores (the heap's order does not depend on how the rows were
     * split). The caller keeps the matrix unchanged until this returns (the owner's read lock): the pool's
     * threads read it on the caller's behalf.
     */
    public void topK(float[] query, TopK heap, VectorKernels.RowFilter skip, ScanPool pool) {
        float[] padded = padded(query);
        float qLast = query[factors];
        if (scansQuantized() && twoPass(padded, quantized.dotScale(), qLast, heap, skip, pool, dotScore(padded, qLast))) {
            return;
        }
        floatScan(padded, qLast, heap, skip, pool);
    }

    /**
     * The top K of several queries at once ({@code heaps[i]} for {@code queries[i]}, each of length {@code width}):
     * one int8 pass shared by up to four of them, then each re-scored exactly, so the same rows and scores as
     * {@link #topK(float[], TopK, VectorKernels.RowFilter)} query by query. What requests waiting for a busy core
     * do together ({@link ScanPool#share}); here for batch scoring and the serving benchmark.
     */
    public void topKTogether(float[][] queries, TopK[] heaps, VectorKernels.RowFilter skip) {
        if (!scansQuantized()) {
            for (int i = 0; i < queries.length; i++) {
                topK(queries[i], heaps[i], skip);
            }
            return;
        }
        float[][] padded = new float[queries.length][];
        QuantizedScan.ExactScore[] exact = new QuantizedScan.ExactScore[queries.length];
        for (int i = 0; i < queries.length; i++) {
            padded[i] = padded(queries[i]);
            exact[i] = dotScore(padded[i], queries[i][factors]);
        }
        boolean[] proven = QuantizedScan.together(quantized, last, size, padded, queries, heaps, skip, exact);
        for (int i = 0; i < queries.length; i++) {
            if (!proven[i]) {
                exactRescans.increment();
                heaps[i].clear();
                floatScan(padded[i], queries[i][factors], heaps[i], skip, ScanPool.SERIAL);
            }
        }
    }

    /** The factors of a query (length {@code width}) in a row of the stride, zero-padded. */
    private float[] padded(float[] query) {
        float[] padded = Arrays.copyOf(query, stride);
        Arrays.fill(padded, factors, stride, 0f);
        return padded;
    }

    /** The int8 pass, then the exact re-score; false (counted, {@code heap} empty) when the float scan must run. */
    private boolean twoPass(float[] query, float[] rowScale, float qLast, TopK heap, VectorKernels.RowFilter skip,
                            ScanPool pool, QuantizedScan.ExactScore exact) {
        if (QuantizedScan.twoPass(quantized, last, size, query, rowScale, qLast, heap, skip, pool, exact)) {
            return true;
        }
        exactRescans.increment();
        heap.clear();
        return false;
    }

    /** The exact score of a row for a padded query, as the float scan computes it. */
    private QuantizedScan.ExactScore dotScore(float[] padded, float qLast) {
        float[] rowsData = data;
        float[] bias = last;
        return row -> VectorKernels.dot(rowsData, row * stride, padded, 0, stride) + bias[row] * qLast;
    }

    /** The float scan of every row, split over {@code pool}'s idle threads when large enough. */
    private void floatScan(float[] padded, float qLast, TopK heap, VectorKernels.RowFilter skip, ScanPool pool) {
        float[] rowsData = data;
        float[] bias = last;
        mergeInto(heap, pool.scan(size, 1, () -> new TopK(heap.capacity()), (part, from, to) ->
                VectorKernels.topK(rowsData, from, to, stride, padded, bias, qLast, part, skip)));
    }


    /** Offers every entry of {@code parts} to {@code heap}: the top K of all of them, whatever the split. */
    private static void mergeInto(TopK heap, List<TopK> parts) {
        for (TopK part : parts) {
            long[] keys = new long[part.size()];
            part.copyKeys(keys, 0);
            for (long key : keys) {
                heap.offer(TopK.keyRow(key), TopK.keyScore(key));
            }
        }
    }

    /**
     * Top-K rows by cosine similarity of their factors (all slots but the last) with those of
     * {@code row}, skipping filtered rows ({@code row} itself is the caller's to skip).
     */
    public void topKCosine(int row, TopK heap, VectorKernels.RowFilter skip) {
        topKCosine(row, heap, skip, ScanPool.SERIAL);
    }

    /** {@link #topKCosine(int, TopK, VectorKernels.RowFilter)} split over {@code pool} as {@link #topK} is. */
    public void topKCosine(int row, TopK heap, VectorKernels.RowFilter skip, ScanPool pool) {
        float[] q = Arrays.copyOfRange(data, row * stride, row * stride + stride);
        float inv = invNorms[row];
        for (int i = 0; i < q.length; i++) {
            q[i] *= inv;
        }
        float[] rowsData = data;
        float[] norms = invNorms;
        if (scansQuantized() && twoPass(q, quantized.cosScale(), 0f, heap, skip, pool,
                r -> VectorKernels.dot(rowsData, r * stride, q, 0, stride) * norms[r])) {
            return;
        }
        mergeInto(heap, pool.scan(size, 1, () -> new TopK(heap.capacity()), (part, from, to) ->
                VectorKernels.topKScaled(rowsData, from, to, stride, q, norms, part, skip)));
    }
}
