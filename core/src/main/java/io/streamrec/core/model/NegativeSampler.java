package io.streamrec.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Samples negative items with probability proportional to their recent popularity: a ring buffer
 * of the items of the last {@code capacity} positive events; a uniform draw from it picks an item
 * as often as it was recently interacted with. Never returns the excluded (positive) item; returns
 * fewer than asked when the buffer holds too few other items.
 */
public final class NegativeSampler {
    private final String[] ring;
    private int size;
    private int next;

    public NegativeSampler(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be ≥ 1");
        }
        this.ring = new String[capacity];
    }

    public void add(String itemId) {
        ring[next] = itemId;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    public int size() {
        return size;
    }

    /** Appends up to {@code k} distinct items, none equal to {@code exclude}, to {@code out}. */
    public int sample(SplittableRandom rnd, String exclude, int k, List<String> out) {
        int added = 0;
        int attempts = 0;
        int start = out.size();
        while (added < k && attempts < 8 * k && size > 0) {
            attempts++;
            // positions count from the oldest entry, so a buffer restored from a snapshot samples alike
            String c = ring[(oldest() + rnd.nextInt(size)) % ring.length];
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
        size = 0;
        next = 0;
        int from = Math.max(0, items.length - ring.length);
        for (int i = from; i < items.length; i++) {
            add(items[i]);
        }
    }
}
