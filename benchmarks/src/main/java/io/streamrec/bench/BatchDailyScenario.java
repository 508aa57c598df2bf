package io.streamrec.bench;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.kernel.TopK;
import io.streamrec.core.kernel.VectorKernels;
import io.streamrec.core.model.ImplicitAls;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a shop runs nightly: implicit ALS retrained at each day boundary of event time on all
 * interactions so far (confidence {@code 1 + α·Σweights}), serving the previous night's model all
 * day. Users and items the model has not seen yet get the popularity list of the last retrain, as a
 * shop's fallback would. Each retrain starts from the previous night's factors (warm start).
 * The cadence is {@code daily} (each day boundary of event time, UTC), {@code weekly} (each boundary
 * of a 7-day period counted from the epoch) or {@code every:N} (after every N learned events).
 * Before the first retrain every user gets the decayed popularity so far (the {@code popularity}
 * baseline, {@link PopularityScenario}, with the half-life given).
 */
final class BatchDailyScenario implements Recommender {
    static final long DAY = 86_400_000L;

    private final int d;
    private final float alpha;
    private final int iterations;
    private final ImplicitAls als;
    private final EventWeights weights;
    private final Map<String, Map<String, Float>> interactions = new LinkedHashMap<>();
    private long day = Long.MIN_VALUE;
    private Map<String, Integer> userRow = Map.of();
    private Map<String, Integer> itemRow = Map.of();
    private String[] itemIds = new String[0];
    private float[] x = new float[0];
    private float[] y = new float[0];
    private List<String> fallback = List.of();
    private final PopularityScenario beforeFirstRetrain;
    private final long period;
    private final long everyEvents;
    private long sinceRetrain;
    int retrains;
    double trainSeconds;

    /**
     * {@code retrain}: {@code daily}, {@code weekly} or {@code every:N} (N events); {@code halfLifeHours}:
     * the decayed popularity's served before the first retrain.
     */
    BatchDailyScenario(int d, float lambda, float alpha, int iterations, EventWeights weights, String retrain,
                       double halfLifeHours) {
        if (retrain.equals("daily")) {
            period = DAY;
            everyEvents = 0;
        } else if (retrain.equals("weekly")) {
            period = 7 * DAY;
            everyEvents = 0;
        } else if (retrain.startsWith("every:")) {
            period = 0;
            everyEvents = Long.parseLong(retrain.substring("every:".length()));
            if (everyEvents < 1) {
                throw new IllegalArgumentException("--retrain every:N needs N >= 1, got " + retrain);
            }
        } else {
            throw new IllegalArgumentException("--retrain is daily, weekly or every:N, got " + retrain);
        }
        this.d = d;
        this.alpha = alpha;
        this.iterations = iterations;
        this.als = new ImplicitAls(d, lambda, 3);
        this.weights = weights;
        this.beforeFirstRetrain = new PopularityScenario(halfLifeHours, weights);
    }

    /** Ranking reads only: the retrain due at {@code now} is what learning the next event does first. */
    @Override
    public boolean rankingLeavesNoTrace() {
        return true;
    }

    @Override
    public String name() {
        return "batch_daily";
    }

    @Override
    public List<String> recommend(String user, int k, Set<String> exclude, long now) {
        maybeRetrain(now); // the nightly job ran before the day's first request
        List<String> out = new ArrayList<>(k);
        if (retrains == 0) {
            return beforeFirstRetrain.recommend(user, k, exclude, now);
        }
        Integer u = userRow.get(user);
        if (u != null) {
            TopK heap = new TopK(k);
            float[] q = java.util.Arrays.copyOfRange(x, u * d, u * d + d);
            VectorKernels.topK(y, itemIds.length, d, q, heap, row -> exclude.contains(itemIds[row]));
            for (int row : heap.rowsDescending()) {
                out.add(itemIds[row]);
            }
        }
        for (String i : fallback) {
            if (out.size() >= k) {
                break;
            }
            if (!exclude.contains(i) && !out.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public void learn(Event e) {
        maybeRetrain(e.ts);
        double w = weights.weight(e);
        interactions.computeIfAbsent(e.userId, k -> new HashMap<>()).merge(e.itemId, (float) w, Float::sum);
        if (retrains == 0) {
            beforeFirstRetrain.learn(e);
        }
        if (everyEvents > 0 && ++sinceRetrain >= everyEvents) {
            retrain();
            sinceRetrain = 0;
        }
    }

    private void maybeRetrain(long now) {
        if (period == 0) {
            return;
        }
        long today = Math.floorDiv(now, period);
        if (day != Long.MIN_VALUE && today > day) {
            retrain();
        }
        day = Math.max(day, today);
    }

    private void retrain() {
        long t0 = System.nanoTime();
        Map<String, Integer> newUsers = new LinkedHashMap<>();
        Map<String, Integer> newItems = new LinkedHashMap<>();
        Map<String, Double> popularity = new HashMap<>();
        int nnz = 0;
        for (Map.Entry<String, Map<String, Float>> u : interactions.entrySet()) {
            for (Map.Entry<String, Float> i : u.getValue().entrySet()) {
                if (i.getValue() > 0) {
                    newUsers.putIfAbsent(u.getKey(), newUsers.size());
                    newItems.putIfAbsent(i.getKey(), newItems.size());
                    popularity.merge(i.getKey(), (double) i.getValue(), Double::sum);
                    nnz++;
                }
            }
        }
        int nu = newUsers.size(), ni = newItems.size();
        int[] uptr = new int[nu + 1];
        int[] ucols = new int[nnz];
        float[] uconf = new float[nnz];
        int k = 0;
        for (Map.Entry<String, Integer> u : newUsers.entrySet()) {
            uptr[u.getValue()] = k;
            for (Map.Entry<String, Float> i : interactions.get(u.getKey()).entrySet()) {
                if (i.getValue() > 0) {
                    int col = newItems.get(i.getKey());
                    ucols[k] = col;
                    uconf[k] = 1 + alpha * i.getValue();
                    k++;
                }
            }
        }
        uptr[nu] = k;
        float[] nx = ImplicitAls.init(nu, d, 17 + retrains, 0.1f);
        float[] ny = ImplicitAls.init(ni, d, 31 + retrains, 0.1f);
        // warm start: rows known last night keep their factors
        userRow.forEach((id, row) -> {
            Integer r = newUsers.get(id);
            if (r != null) {
                System.arraycopy(x, row * d, nx, r * d, d);
            }
        });
        itemRow.forEach((id, row) -> {
            Integer r = newItems.get(id);
            if (r != null) {
                System.arraycopy(y, row * d, ny, r * d, d);
            }
        });
        ImplicitAls.Csr byUser = new ImplicitAls.Csr(nu, uptr, ucols, uconf);
        ImplicitAls.Csr byItem = byUser.transpose(ni);
        for (int it = 0; it < iterations; it++) {
            als.iterate(byUser, byItem, nx, ny);
        }
        x = nx;
        y = ny;
        userRow = newUsers;
        itemRow = newItems;
        itemIds = newItems.keySet().toArray(new String[0]);
        List<String> pop = new ArrayList<>(popularity.keySet());
        pop.sort(Comparator.<String>comparingDouble(i -> -popularity.get(i)).thenComparing(i -> i));
        fallback = pop.subList(0, Math.min(200, pop.size()));
        retrains++;
        trainSeconds += (System.nanoTime() - t0) / 1e9;
    }
}
