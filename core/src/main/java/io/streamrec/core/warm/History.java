package io.streamrec.core.warm;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.ImplicitAls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event history as implicit ALS sees it: the users and items with positive interactions, indexed
 * in order of first appearance, and the interaction matrix in CSR form by user and by item, with the
 * confidence {@code 1 + α·Σ weights} of each pair whose summed weight is positive (the nightly
 * baseline's convention). A {@code forget_user} event drops what came before it of that user. Also
 * counts, per user and item, the events that the online learner would have applied (its versions).
 */
public final class History {
    public final String[] users;
    public final String[] items;
    public final ImplicitAls.Csr byUser;
    public final ImplicitAls.Csr byItem;
    /** Events of each user with a non-zero weight (the online learner applies exactly those). */
    public final long[] userEvents;
    /** Positive events on each item. */
    public final long[] itemEvents;
    /** The first category an event named for each item, or null. */
    public final String[] itemCategories;
    /** Events read (before the cut), and the latest event time among them. */
    public final long events;
    public final long lastTs;

    private History(String[] users, String[] items, ImplicitAls.Csr byUser, ImplicitAls.Csr byItem, long[] userEvents,
                    long[] itemEvents, String[] itemCategories, long events, long lastTs) {
        this.users = users;
        this.items = items;
        this.byUser = byUser;
        this.byItem = byItem;
        this.userEvents = userEvents;
        this.itemEvents = itemEvents;
        this.itemCategories = itemCategories;
        this.events = events;
        this.lastTs = lastTs;
    }

    public int nnz() {
        return byUser.cols().length;
    }

    /**
     * Indexes the events with {@code ts < until} (all with {@link Long#MAX_VALUE}).
     *
     * @throws IllegalArgumentException when no positive interaction remains: nothing to train on
     */
    public static History of(Iterable<Event> events, EventWeights weights, float alpha, long until) {
        Map<String, Map<String, Float>> interactions = new LinkedHashMap<>();
        Map<String, Long> userCount = new HashMap<>();
        Map<String, Long> itemCount = new HashMap<>();
        Map<String, String> category = new HashMap<>();
        long n = 0;
        long last = Long.MIN_VALUE;
        for (Event e : events) {
            if (e.ts >= until) {
                continue;
            }
            n++;
            last = Math.max(last, e.ts);
            if (e.type == EventType.FORGET_USER) {
                interactions.remove(e.userId);
                userCount.remove(e.userId);
                continue;
            }
            if (e.type.isControl()) {
                continue;
            }
            double w = weights.weight(e);
            if (w == 0 || !Double.isFinite(w)) {
                continue;
            }
            userCount.merge(e.userId, 1L, Long::sum);
            if (w > 0) {
                itemCount.merge(e.itemId, 1L, Long::sum);
            }
            if (e.category != null) {
                category.putIfAbsent(e.itemId, e.category);
            }
            interactions.computeIfAbsent(e.userId, k -> new HashMap<>()).merge(e.itemId, (float) w, Float::sum);
        }
        Map<String, Integer> userRow = new LinkedHashMap<>();
        Map<String, Integer> itemRow = new LinkedHashMap<>();
        List<int[]> pairs = new ArrayList<>();
        List<Float> conf = new ArrayList<>();
        for (Map.Entry<String, Map<String, Float>> u : interactions.entrySet()) {
            for (Map.Entry<String, Float> i : u.getValue().entrySet()) {
                if (i.getValue() > 0) {
                    int ur = userRow.computeIfAbsent(u.getKey(), k -> userRow.size());
                    int ir = itemRow.computeIfAbsent(i.getKey(), k -> itemRow.size());
                    pairs.add(new int[] {ur, ir});
                    conf.add(1 + alpha * i.getValue());
                }
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("the history has no positive interaction"
                    + (until == Long.MAX_VALUE ? "" : " before " + java.time.Instant.ofEpochMilli(until))
                    + ": nothing to train on");
        }
        int nu = userRow.size(), ni = itemRow.size(), nnz = pairs.size();
        // pairs are grouped by user in row order already
        int[] uptr = new int[nu + 1];
        int[] ucols = new int[nnz];
        float[] uconf = new float[nnz];
        for (int k = 0; k < nnz; k++) {
            int[] p = pairs.get(k);
            uptr[p[0] + 1]++;
            ucols[k] = p[1];
            uconf[k] = conf.get(k);
        }
        for (int u = 0; u < nu; u++) {
            uptr[u + 1] += uptr[u];
        }
        ImplicitAls.Csr byUser = new ImplicitAls.Csr(nu, uptr, ucols, uconf);
        String[] us = userRow.keySet().toArray(new String[0]);
        String[] is = itemRow.keySet().toArray(new String[0]);
        long[] ue = new long[nu];
        for (int u = 0; u < nu; u++) {
            ue[u] = userCount.getOrDefault(us[u], 0L);
        }
        long[] ie = new long[ni];
        String[] cats = new String[ni];
        for (int i = 0; i < ni; i++) {
            ie[i] = itemCount.getOrDefault(is[i], 0L);
            cats[i] = category.get(is[i]);
        }
        return new History(us, is, byUser, byUser.transpose(ni), ue, ie, cats, n, last);
    }

    /** The CSR matrices of a synthetic history (benchmarks): {@code nnz} distinct pairs drawn with a Zipf-like item popularity. */
    public static ImplicitAls.Csr[] synthetic(int users, int items, int nnz, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int perUser = Math.max(1, nnz / users);
        int[] uptr = new int[users + 1];
        int[] ucols = new int[users * perUser];
        float[] uconf = new float[ucols.length];
        int k = 0;
        for (int u = 0; u < users; u++) {
            uptr[u] = k;
            java.util.Set<Integer> chosen = new java.util.HashSet<>();
            while (chosen.size() < Math.min(perUser, items)) {
                // popularity skew: the square of a uniform draw favours low item ids
                double x = r.nextDouble();
                chosen.add((int) (x * x * items));
            }
            for (int i : chosen) {
                ucols[k] = i;
                uconf[k] = 1 + 2 * (1 + r.nextInt(3));
                k++;
            }
        }
        uptr[users] = k;
        ucols = java.util.Arrays.copyOf(ucols, k);
        uconf = java.util.Arrays.copyOf(uconf, k);
        ImplicitAls.Csr byUser = new ImplicitAls.Csr(users, uptr, ucols, uconf);
        return new ImplicitAls.Csr[] {byUser, byUser.transpose(items)};
    }
}
