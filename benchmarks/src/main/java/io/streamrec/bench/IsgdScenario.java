package io.streamrec.bench;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.FactorInit;
import io.streamrec.core.kernel.VectorKernels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
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
    private final Map<String, float[]> items = new HashMap<>();

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
        return m.computeIfAbsent(id, k -> {
            SplittableRandom r = new SplittableRandom(FactorInit.hash(k) ^ salt);
            float[] v = new float[d];
            for (int j = 0; j < d; j++) {
                v[j] = (float) (r.nextGaussian() * 0.1);
            }
            return v;
        });
    }

    @Override
    public List<String> recommend(String user, int k, Set<String> exclude, long now) {
        float[] u = users.get(user);
        if (u == null) {
            return List.of();
        }
        PriorityQueue<Map.Entry<String, Float>> heap = new PriorityQueue<>((a, b) -> Float.compare(b.getValue(), a.getValue()));
        for (Map.Entry<String, float[]> e : items.entrySet()) {
            if (exclude.contains(e.getKey())) {
                continue;
            }
            float dist = Math.abs(1 - VectorKernels.dot(u, e.getValue()));
            if (heap.size() < k) {
                heap.add(Map.entry(e.getKey(), dist));
            } else if (dist < heap.peek().getValue()) {
                heap.poll();
                heap.add(Map.entry(e.getKey(), dist));
            }
        }
        List<Map.Entry<String, Float>> sorted = new ArrayList<>(heap);
        sorted.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : Float.compare(a.getValue(), b.getValue()));
        List<String> out = new ArrayList<>(sorted.size());
        sorted.forEach(e -> out.add(e.getKey()));
        return out;
    }

    @Override
    public void learn(Event e) {
        if (weights.weight(e) <= 0) {
            return; // positive-only feedback
        }
        float[] u = vec(users, e.userId, 1);
        float[] v = vec(items, e.itemId, 2);
        float err = 1 - VectorKernels.dot(u, v);
        for (int j = 0; j < d; j++) {
            float uj = u[j];
            u[j] += eta * (err * v[j] - lambda * uj);
            v[j] += eta * (err * uj - lambda * v[j]);
        }
    }
}
