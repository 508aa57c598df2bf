package io.streamrec.flink.learn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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
 *
 * <p>Each item has one entry for as long as it is indexed, waiting or not: the items waiting are a queue
 * linked through their entries (oldest first), and an item published leaves the queue but keeps its entry,
 * which the item's cached state remembers ({@link ItemState#waiting}). So an item that starts to wait again
 * is appended to the queue without a map operation, where a map of the waiting items took a removal at
 * every publication and an insertion at the next move (the item learner's profile, docs/benchmarks.md).
 * The index by id is read only for a state that does not remember its entry (read back from the state
 * backend, or copied); entries of items not waiting are dropped from it once it holds more than
 * {@value #INDEX_FLOOR} entries and four per waiting item.
 */
public final class PendingPublications {
    /** Entries the index keeps before it drops those of items not waiting. */
    static final int INDEX_FLOOR = 1 << 17;
    private final float minDrift;
    private final int indexFloor;
    /** Every indexed item's entry, waiting or not. */
    private final Map<String, Waiting> byItem = new HashMap<>();
    /** The queue of waiting items, oldest first. */
    private Waiting head;
    private Waiting tail;
    private int waitingCount;
    /** Restores so far: an entry made before the latest one is no longer this object's (see {@link Waiting#generation}). */
    private int generation;

    /** An item's entry; the item's cached state keeps it too ({@link ItemState#waiting}). */
    static final class Waiting {
        final String itemId;
        /** How far it moved since its last publication, and since when it waits (while {@link #live}). */
        float drift;
        long since;
        /** In the queue of waiting items. */
        boolean live;
        /** In {@link #byItem}: false once dropped from it (a state still remembering it puts it back). */
        boolean indexed = true;
        /** The restores before it: an entry of an earlier generation was replaced, a state remembering it looks its item up again. */
        final int generation;
        Waiting prev;
        Waiting next;

        Waiting(String itemId, int generation) {
            this.itemId = itemId;
            this.generation = generation;
        }
    }

    /** @param minDrift the share of an item's norm its moves must add up to (0: every update is due) */
    public PendingPublications(float minDrift) {
        this(minDrift, INDEX_FLOOR);
    }

    /** With another floor of the index (tests: one that drops entries often). */
    PendingPublications(float minDrift, int indexFloor) {
        this.minDrift = minDrift;
        this.indexFloor = indexFloor;
    }

    /** After {@code side} applied an update to item {@code itemId} (its state {@code s}): whether to publish it now. */
    public boolean due(ItemSide side, String itemId, ItemState s, boolean created) {
        return due(side, itemId, s, created, 0);
    }

    /** As {@link #due(ItemSide, String, ItemState, boolean)}, an item that starts to wait waiting since {@code now}. */
    public boolean due(ItemSide side, String itemId, ItemState s, boolean created, long now) {
        // the state remembers its entry: most messages find it there instead of in the map, a lookup by
        // id of a large map per message (the learn benchmark's profile, docs/benchmarks.md); a state read
        // back from the backend or copied has none, and one made before a restore was replaced: those look it up
        Waiting w = s.waiting != null && s.waiting.generation == generation ? s.waiting : byItem.get(itemId);
        boolean waiting = w != null && w.live;
        float drift = (waiting ? w.drift : 0f) + side.lastMove();
        if (created || side.publishDue(s, drift, minDrift)) {
            if (waiting) {
                unlink(w);
            }
            s.waiting = w;
            return true;
        }
        if (w == null) {
            w = new Waiting(itemId, generation);
            index(w);
        } else if (!w.indexed) {
            w.indexed = true;
            index(w);
        }
        w.drift = drift;
        if (!waiting) {
            w.since = now;
            append(w);
        }
        s.waiting = w;
        return false;
    }

    private void index(Waiting w) {
        byItem.put(w.itemId, w);
        // entries of items not waiting: dropped once the index holds more than indexFloor entries and four per
        // waiting item, so it stays bounded whatever the catalogue's size
        if (byItem.size() > Math.max(indexFloor, 4 * waitingCount)) {
            Iterator<Waiting> it = byItem.values().iterator();
            while (it.hasNext()) {
                Waiting e = it.next();
                if (!e.live && e != w) {
                    e.indexed = false;
                    it.remove();
                }
            }
        }
    }

    private void append(Waiting w) {
        w.live = true;
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        waitingCount++;
    }

    private void unlink(Waiting w) {
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = null;
        w.next = null;
        w.live = false;
        waitingCount--;
    }

    /** An item waiting: how far it moved since its last publication, and since when it waits. */
    public record Entry(String itemId, float drift, long since) {}

    /** The items waiting, oldest first: what a checkpoint keeps. */
    public List<Entry> snapshot() {
        List<Entry> out = new ArrayList<>(waitingCount);
        for (Waiting w = head; w != null; w = w.next) {
            out.add(new Entry(w.itemId, w.drift, w.since));
        }
        return out;
    }

    /** Waits again for items a checkpoint kept (an item already waiting keeps its own entry). */
    public void restore(List<Entry> entries) {
        List<Entry> all = new ArrayList<>(snapshot());
        all.addAll(entries);
        all.sort(java.util.Comparator.comparingLong(Entry::since));
        generation++; // every entry is replaced: a state remembering one looks its item up again
        byItem.clear();
        head = null;
        tail = null;
        waitingCount = 0;
        for (Entry e : all) {
            if (!byItem.containsKey(e.itemId())) {
                Waiting w = new Waiting(e.itemId(), generation);
                w.drift = e.drift();
                w.since = e.since();
                byItem.put(w.itemId, w);
                append(w);
            }
        }
    }

    /** Entries in the index by id (tests). */
    int indexed() {
        return byItem.size();
    }

    /** Whether no item waits. */
    public boolean isEmpty() {
        return waitingCount == 0;
    }

    /** The items waiting since {@code cutoff} or earlier, oldest first, forgotten: the caller publishes each as it is now. */
    public List<String> drainWaitingSince(long cutoff) {
        List<String> ids = List.of(); // called per message: nothing allocated while nothing is due
        while (head != null && head.since <= cutoff) {
            if (ids.isEmpty()) {
                ids = new ArrayList<>();
            }
            Waiting w = head;
            ids.add(w.itemId);
            unlink(w);
        }
        return ids;
    }

    /** The items waiting, in the order they started to wait, forgotten: the caller publishes each as it is now. */
    public List<String> drain() {
        return drainWaitingSince(Long.MAX_VALUE);
    }
}
