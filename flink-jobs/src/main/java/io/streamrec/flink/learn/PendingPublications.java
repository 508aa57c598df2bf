package io.streamrec.flink.learn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which items' vectors are due for Redis after an update ({@link ItemSide#publishDue}): new items at once,
 * others once their moves since the last publication add up to the drift threshold; the rest wait, with
 * how far they moved and since when, until the caller publishes those that waited long enough
 * ({@link #drainWaitingSince}: each item on its own clock, so the publications of small moves are spread
 * over time instead of leaving together) or all of them ({@link #drain}). Shared by the item learner and
 * the benchmarks' replay of it. The item learner checkpoints it ({@link #snapshot}, {@link #restore})
 * rather than publishing every waiting item at a checkpoint barrier. Not thread-safe.
 */
public final class PendingPublications {
    private final float minDrift;
    /** Item → how far it moved since its last publication, and since when it waits; oldest first. */
    private final LinkedHashMap<String, Waiting> waiting = new LinkedHashMap<>();

    /** An item waiting; the item's cached state keeps it too ({@link ItemState#waiting}) while {@code live}. */
    static final class Waiting {
        float drift;
        final long since;
        /** Still in the map: false once the item was published or the entry replaced. */
        boolean live = true;

        Waiting(float drift, long since) {
            this.drift = drift;
            this.since = since;
        }
    }

    /** @param minDrift the share of an item's norm its moves must add up to (0: every update is due) */
    public PendingPublications(float minDrift) {
        this.minDrift = minDrift;
    }

    /** After {@code side} applied an update to item {@code itemId} (its state {@code s}): whether to publish it now. */
    public boolean due(ItemSide side, String itemId, ItemState s, boolean created) {
        return due(side, itemId, s, created, 0);
    }

    /** As {@link #due(ItemSide, String, ItemState, boolean)}, an item that starts to wait waiting since {@code now}. */
    public boolean due(ItemSide side, String itemId, ItemState s, boolean created, long now) {
        // the state remembers its entry: most messages find it there instead of in the map, a lookup by
        // id of a large map per message (the learn benchmark's profile, docs/benchmarks.md); a state read
        // back from the backend or copied has none, and an entry published or restored since is not live:
        // those look the item up
        Waiting before = s.waiting != null && s.waiting.live ? s.waiting : waiting.get(itemId);
        float drift = (before == null ? 0f : before.drift) + side.lastMove();
        if (created || side.publishDue(s, drift, minDrift)) {
            if (before != null) {
                waiting.remove(itemId);
                before.live = false;
            }
            s.waiting = null;
            return true;
        }
        if (before == null) {
            before = new Waiting(drift, now);
            waiting.put(itemId, before);
        } else {
            before.drift = drift;
        }
        s.waiting = before;
        return false;
    }

    /** An item waiting: how far it moved since its last publication, and since when it waits. */
    public record Entry(String itemId, float drift, long since) {}

    /** The items waiting, oldest first: what a checkpoint keeps. */
    public List<Entry> snapshot() {
        List<Entry> out = new ArrayList<>(waiting.size());
        waiting.forEach((id, w) -> out.add(new Entry(id, w.drift, w.since)));
        return out;
    }

    /** Waits again for items a checkpoint kept (an item already waiting keeps its own entry). */
    public void restore(List<Entry> entries) {
        List<Entry> all = new ArrayList<>(snapshot());
        all.addAll(entries);
        all.sort(java.util.Comparator.comparingLong(Entry::since));
        waiting.values().forEach(w -> w.live = false); // replaced by new entries: a state holding one looks again
        waiting.clear();
        for (Entry e : all) {
            waiting.putIfAbsent(e.itemId(), new Waiting(e.drift(), e.since()));
        }
    }

    /** Whether no item waits. */
    public boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** The items waiting since {@code cutoff} or earlier, oldest first, forgotten: the caller publishes each as it is now. */
    public List<String> drainWaitingSince(long cutoff) {
        List<String> ids = List.of(); // called per message: nothing allocated while nothing is due
        Iterator<Map.Entry<String, Waiting>> it = waiting.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Waiting> e = it.next();
            if (e.getValue().since > cutoff) {
                break;
            }
            if (ids.isEmpty()) {
                ids = new ArrayList<>();
            }
            ids.add(e.getKey());
            e.getValue().live = false;
            it.remove();
        }
        return ids;
    }

    /** The items waiting, in the order they started to wait, forgotten: the caller publishes each as it is now. */
    public List<String> drain() {
        return drainWaitingSince(Long.MAX_VALUE);
    }
}
