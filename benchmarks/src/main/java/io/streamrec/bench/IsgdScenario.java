package io.streamrec.bench;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.FactorInit;
import io.streamrec.core.kernel.VectorKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * ISGD, incremental SGD for positive-only feedback (Vinagre, Jorge and Gama, UMAP 2014): each
 * positive event is a target of 1; {@code err = 1 − u·v}; {@code u += η(err·v − λu)},
 * {@code v += η(err·u − λv)}; items are recommended by how close their score is to 1.
 */
final class IsgdScenario implements Recommender {
    private final int d;
    private final float eta;
    private final float lambda;
    private final EventWeights weights;
    private final Map<String, float[]> users = new HashMap<>();
    /** Item vectors, one row of {@code d} floats each, in one array: the ranking scans it in one pass. */
    private float[] data = new float[0];
    private String[] ids = new String[0];
    private final Map<String, Integer> rows = new HashMap<>();
    private int n;

    IsgdScenario(int d, float eta, float lambda, EventWeights weights) {
        this.d = d;
        this.eta = eta;
        this.lambda = lambda;
        this.weights = weights;
    }

    /** Ranking reads only. */
    @Override
    public boolean rankingLeavesNoTrace() {
        return true;
    }

    @Override
    public String name() {
        return "isgd";
    }

    private float[] vec(Map<String, float[]> m, String id, long salt) {
        return m.computeIfAbsent(id, k -> init(k, salt));
    }

    private float[] init(String id, long salt) {
        SplittableRandom r = new SplittableRandom(FactorInit.hash(id) ^ salt);
        float[] v = new float[d];
        for (int j = 0; j < d; j++) {
            v[j] = (float) (r.nextGaussian() * 0.1);
        }
        return v;
    }

    /** The item's row in {@link #data}, added (with its initial vector) when new. */
    private int row(String id) {
        Integer r = rows.get(id);
        if (r != null) {
            return r;
        }
        if (n == ids.length) {
            int cap = Math.max(1024, n * 2);
            ids = Arrays.copyOf(ids, cap);
            data = Arrays.copyOf(data, cap * d);
        }
        System.arraycopy(init(id, 2), 0, data, n * d, d);
        ids[n] = id;
        rows.put(id, n);
        return n++;
    }

    /** Whether item {@code a} at distance {@code da} ranks before {@code b} at {@code db}: nearer, then by id. */
    private boolean before(float da, int a, float db, int b) {
        int c = Float.compare(da, db);
        return c < 0 || c == 0 && ids[a].compareTo(ids[b]) < 0;
    }

    /**
     * The {@code k} items whose score is nearest 1, nearest first, ties by id: one pass over the rows
     * keeping the {@code k} best in a bounded heap (worst at its root); an excluded item is looked up
     * only when it would enter the heap.
     */
    @Override
    public List<String> recommend(String user, int k, Set<String> exclude, long now) {
        float[] u = users.get(user);
        if (u == null || k <= 0) {
            return List.of();
        }
        int[] heap = new int[k];
        float[] dist = new float[k];
        int size = 0;
        for (int r = 0; r < n; r++) {
            float x = Math.abs(1 - VectorKernels.dot(u, 0, data, r * d, d));
            if (size == k && !before(x, r, dist[0], heap[0])) {
                continue;
            }
            if (exclude.contains(ids[r])) {
                continue;
            }
            int i;
            if (size < k) { // sift up from the new leaf
                i = size++;
                while (i > 0 && before(dist[(i - 1) / 2], heap[(i - 1) / 2], x, r)) {
                    heap[i] = heap[(i - 1) / 2];
                    dist[i] = dist[(i - 1) / 2];
                    i = (i - 1) / 2;
                }
            } else { // replace the worst at the root, sift down
                i = 0;
                while (true) {
                    int c = 2 * i + 1;
                    if (c >= size) {
                        break;
                    }
                    if (c + 1 < size && before(dist[c], heap[c], dist[c + 1], heap[c + 1])) {
                        c++;
                    }
                    if (!before(x, r, dist[c], heap[c])) {
                        break;
                    }
                    heap[i] = heap[c];
                    dist[i] = dist[c];
                    i = c;
                }
            }
            heap[i] = r;
            dist[i] = x;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        float[] fd = dist;
        int[] fh = heap;
        Arrays.sort(order, (a, b) -> before(fd[a], fh[a], fd[b], fh[b]) ? -1 : before(fd[b], fh[b], fd[a], fh[a]) ? 1 : 0);
        List<String> out = new ArrayList<>(size);
        for (int i : order) {
            out.add(ids[heap[i]]);
        }
        return out;
    }

    @Override
    public void learn(Event e) {
        if (weights.weight(e) <= 0) {
            return; // positive-only feedback
        }
        float[] u = vec(users, e.userId, 1);
        int o = row(e.itemId) * d;
        float[] v = data;
        float err = 1 - VectorKernels.dot(u, 0, v, o, d);
        for (int j = 0; j < d; j++) {
            float uj = u[j];
            u[j] += eta * (err * v[o + j] - lambda * uj);
            v[o + j] += eta * (err * uj - lambda * v[o + j]);
        }
    }
}
