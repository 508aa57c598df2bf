package io.streamrec.flink.learn;

import io.streamrec.core.model.FactorInit;
import io.streamrec.core.model.NegativeSampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A mini-batch of the user side's gradient messages, free of Flink: the messages of up to
 * {@code maxEvents} events summed into one {@link BundledGradient} per distinct item, so the item
 * owners do one read-modify-write (and one publication) per item per bundle instead of one per event
 * and role. With power-law popularity most of an event's messages hit items other events of the
 * bundle hit too.
 *
 * <p>It also holds the bundle's shared negatives: {@code sharedNegatives} items drawn once per bundle
 * from the negative sampler, from which every event of the bundle picks its own negatives (as
 * in-batch negatives in two-tower training), so the negatives' updates aggregate as well; 0 draws
 * fresh negatives per event. The pool is drawn from a random stream seeded by the bundle's sequence
 * number and is checkpointed with the open bundle, so a restored bundle continues exactly like the
 * original.
 *
 * <p>Not thread-safe; one per user-side instance.
 */
public final class GradientBundle {
    private final int maxEvents;
    private final int sharedNegatives;
    private final Map<String, BundledGradient> byItem = new HashMap<>();
    /** The values of {@link #byItem} in order of first use: what {@link #drain} hands over without copying. */
    private List<BundledGradient> order = new ArrayList<>();
    private final List<String> pool = new ArrayList<>();
    private int events;
    private long seq;

    /**
     * @param maxEvents       events per bundle (1 = every event is its own bundle)
     * @param sharedNegatives items in the bundle's shared negative sample (0 = fresh negatives per event)
     */
    public GradientBundle(int maxEvents, int sharedNegatives) {
        if (maxEvents < 1 || sharedNegatives < 0) {
            throw new IllegalArgumentException("maxEvents must be ≥ 1 and sharedNegatives ≥ 0");
        }
        this.maxEvents = maxEvents;
        this.sharedNegatives = sharedNegatives;
    }

    /**
     * The negatives the bundle's events pick from, drawn from {@code sampler} when the bundle has none
     * yet; null when negatives are drawn per event.
     */
    public List<String> negatives(NegativeSampler sampler) {
        if (sharedNegatives == 0) {
            return null;
        }
        if (pool.size() < sharedNegatives && sampler.size() > 0) {
            // drawn at the bundle's first event; topped up while the sampler knows too few items (a young job)
            sampler.sample(new SplittableRandom(FactorInit.hash("bundle-negatives") ^ (seq * 0x9E3779B97F4A7C15L)
                    ^ pool.size()), null, sharedNegatives - pool.size(), pool);
        }
        return pool;
    }

    /** Adds the messages of one event. */
    public void add(List<ItemGradient> messages) {
        events++;
        for (ItemGradient g : messages) {
            BundledGradient b = byItem.get(g.itemId);
            if (b == null) {
                b = new BundledGradient(g.itemId);
                byItem.put(g.itemId, b);
                order.add(b);
            }
            b.add(g);
        }
    }

    /** Whether the bundle holds {@code maxEvents} events: time to flush. */
    public boolean full() {
        return events >= maxEvents;
    }

    public boolean isEmpty() {
        return events == 0 && byItem.isEmpty();
    }

    public int events() {
        return events;
    }

    /** The bundle's messages, one per distinct item in order of first use; empties the bundle and starts the next. */
    public List<BundledGradient> drain() {
        List<BundledGradient> out = order;
        order = new ArrayList<>(out.size());
        byItem.clear();
        pool.clear();
        events = 0;
        seq++;
        return out;
    }

    // --- checkpoints: the open bundle is part of the operator's state, so nothing is lost or doubled ---

    public List<BundledGradient> pendingSnapshot() {
        return new ArrayList<>(order);
    }

    public List<String> poolSnapshot() {
        return new ArrayList<>(pool);
    }

    /** {events, sequence number}. */
    public long[] countersSnapshot() {
        return new long[] {events, seq};
    }

    /**
     * Restores an open bundle. After rescaling several instances' bundles may meet: their messages
     * merge per item, the counters take the largest.
     */
    public void restore(Iterable<BundledGradient> pending, Iterable<String> negatives, long events, long seq) {
        for (BundledGradient g : pending) {
            BundledGradient b = byItem.get(g.itemId);
            if (b == null) {
                byItem.put(g.itemId, g);
                order.add(g);
            } else {
                merge(b, g);
            }
        }
        if (pool.isEmpty()) {
            negatives.forEach(pool::add);
        }
        this.events = (int) Math.max(this.events, Math.min(events, Integer.MAX_VALUE));
        this.seq = Math.max(this.seq, seq);
    }

    private static void merge(BundledGradient into, BundledGradient g) {
        if (g.category != null) {
            into.category = g.category;
        }
        if (into.init == null) {
            into.init = g.init;
        }
        into.ts = Math.max(into.ts, g.ts);
        into.target = sum(into.target, g.target);
        into.targets += g.targets;
        into.context = sum(into.context, g.context);
        into.contexts += g.contexts;
    }

    private static float[] sum(float[] a, float[] b) {
        if (a == null) {
            return b;
        }
        if (b != null) {
            for (int j = 0; j < a.length; j++) {
                a[j] += b[j];
            }
        }
        return a;
    }
}
