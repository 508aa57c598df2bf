package io.streamrec.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Samples negative items from the recent past: a ring buffer of the items of the last
 * {@code capacity} positive events. Each draw is, with probability {@code popularityShare}, a
 * uniform draw from the buffer (so an item comes up as often as it was recently interacted with:
 * recency-weighted popularity), else a uniform draw from the catalogue of published items when one
 * is attached (see {@link #withCatalogue}), else from the distinct items in the buffer (the recently
 * active catalogue). Never returns the excluded (positive) item; returns fewer than asked
 * when the buffer holds too few other items. Everything is derived from the buffer, so a buffer
 * restored from a snapshot samples exactly like the original.
 */
public final class NegativeSampler {
    private final String[] ring;
    private final double popularityShare;
    private final Map<String, int[]> distinct = new HashMap<>(); // item -> {count in ring, position in list}
    private final List<String> distinctList = new ArrayList<>();
    private int size;
    private int next;
    private Catalogue catalogue;

    /** All items known to this instance (e.g. the cache of published item vectors). */
    public interface Catalogue {
        int size();

        String idAt(int index);
    }

    /**
     * Draw the non-popularity share uniformly from {@code c} (the whole published catalogue, the same
     * on every parallel instance) instead of from the distinct items of this instance's buffer.
     */
    public NegativeSampler withCatalogue(Catalogue c) {
        this.catalogue = c;
        return this;
    }

    public NegativeSampler(int capacity) {
        this(capacity, 1.0);
    }

    public NegativeSampler(int capacity, double popularityShare) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be ≥ 1");
        }
        if (popularityShare < 0 || popularityShare > 1) {
            throw new IllegalArgumentException("popularityShare must be within [0, 1]");
        }
        this.ring = new String[capacity];
        this.popularityShare = popularityShare;
    }

    public void add(String itemId) {
        String evicted = size == ring.length ? ring[next] : null;
        ring[next] = itemId;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        if (evicted != null) {
            forget(evicted);
        }
        int[] d = distinct.get(itemId);
        if (d == null) {
            distinct.put(itemId, new int[] {1, distinctList.size()});
            distinctList.add(itemId);
        } else {
            d[0]++;
        }
    }

    private void forget(String itemId) {
        int[] d = distinct.get(itemId);
        if (--d[0] == 0) {
            distinct.remove(itemId);
            int pos = d[1];
            String last = distinctList.remove(distinctList.size() - 1);
            if (pos < distinctList.size()) {
                distinctList.set(pos, last);
                distinct.get(last)[1] = pos;
            }
        }
    }

    public int size() {
        return size;
    }

    /** Appends up to {@code k} distinct items, none equal to {@code exclude}, to {@code out}. */
    public int sample(SplittableRandom rnd, String exclude, int k, List<String> out) {
        return sample(rnd, exclude, UNKNOWN_ROW, k, out, null);
    }

    /** A row not known: the item was drawn from the buffer, not the catalogue (see {@link #sample(SplittableRandom, String, int, int, List, int[])}). */
    public static final int UNKNOWN_ROW = -2;

    /**
     * As {@link #sample(SplittableRandom, String, int, List)} (the same draws), also giving the catalogue
     * row of each item it appends: {@code rows[i]} for {@code out.get(i)}, the row an item drawn from the
     * catalogue came from, {@link #UNKNOWN_ROW} for one drawn from the buffer. The caller reads the drawn
     * items' vectors by row instead of looking their ids up again, and draws from the catalogue are told
     * apart by row instead of by id (each id comparison reads a string scattered over the heap).
     * {@code excludeRow}: the catalogue row of {@code exclude}, -1 when it has none, {@link #UNKNOWN_ROW}
     * when not known; {@code rows}: at least {@code out.size() + k} long, null when not wanted.
     */
    public int sample(SplittableRandom rnd, String exclude, int excludeRow, int k, List<String> out, int[] rows) {
        int added = 0;
        int attempts = 0;
        int start = out.size();
        while (added < k && attempts < 8 * k && size > 0) {
            attempts++;
            String c;
            int row = UNKNOWN_ROW;
            if (popularityShare >= 1 || rnd.nextDouble() < popularityShare) {
                // positions count from the oldest entry, so a restored buffer samples alike
                c = ring[(oldest() + rnd.nextInt(size)) % ring.length];
            } else if (catalogue != null && catalogue.size() > 0) {
                row = rnd.nextInt(catalogue.size());
                c = catalogue.idAt(row);
            } else {
                c = distinctList.get(rnd.nextInt(distinctList.size()));
            }
            if (same(c, row, exclude, excludeRow) || drawn(c, row, out, rows, start)) {
                continue;
            }
            if (rows != null) {
                rows[out.size()] = row;
            }
            out.add(c);
            added++;
        }
        return added;
    }

    /** Whether item {@code a} (at catalogue row {@code rowA}) is item {@code b} (at {@code rowB}): by row when both are known. */
    private static boolean same(String a, int rowA, String b, int rowB) {
        return rowA >= 0 && rowB != UNKNOWN_ROW ? rowA == rowB : a.equals(b);
    }

    /** Whether {@code c} is among the items this call appended to {@code out} (from {@code start}). */
    private static boolean drawn(String c, int row, List<String> out, int[] rows, int start) {
        for (int j = start; j < out.size(); j++) {
            if (rows != null ? same(c, row, out.get(j), rows[j]) : c.equals(out.get(j))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends up to {@code k} distinct items of {@code pool}, none equal to {@code exclude}, to
     * {@code out}, uniformly: the negatives of one event drawn from a sample shared by a bundle of
     * events (so the bundle's negative gradients aggregate per item). Returns how many were added.
     */
    public static int pick(SplittableRandom rnd, List<String> pool, String exclude, int k, List<String> out) {
        int n = pool.size();
        int start = out.size();
        int added = 0;
        for (int attempts = 0; added < k && attempts < 8 * k && n > 0; attempts++) {
            String c = pool.get(rnd.nextInt(n));
            if (c.equals(exclude) || out.subList(start, out.size()).contains(c)) {
                continue;
            }
            out.add(c);
            added++;
        }
        return added;
    }

    private int oldest() {
        return size < ring.length ? 0 : next;
    }

    /**
     * The distinct items in the order uniform draws index them (for checkpoints: with
     * {@link #snapshot()} it makes a restored sampler draw exactly like the original).
     */
    public String[] distinctSnapshot() {
        return distinctList.toArray(new String[0]);
    }

    /** Restores the buffer and the order of its distinct items. */
    public void restore(String[] items, String[] distinctOrder) {
        restore(items);
        if (distinctOrder.length == distinctList.size() && distinct.keySet().containsAll(java.util.List.of(distinctOrder))) {
            distinctList.clear();
            for (String d : distinctOrder) {
                distinct.get(d)[1] = distinctList.size();
                distinctList.add(d);
            }
        }
    }

    /** The buffer, oldest first (for checkpoints). */
    public String[] snapshot() {
        String[] s = new String[size];
        int first = oldest();
        for (int i = 0; i < size; i++) {
            s[i] = ring[(first + i) % ring.length];
        }
        return s;
    }

    public void restore(String[] items) {
        Arrays.fill(ring, null);
        distinct.clear();
        distinctList.clear();
        size = 0;
        next = 0;
        int from = Math.max(0, items.length - ring.length);
        for (int i = from; i < items.length; i++) {
            add(items[i]);
        }
    }
}
