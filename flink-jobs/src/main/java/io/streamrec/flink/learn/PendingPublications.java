package io.streamrec.flink.learn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Which items' vectors are due for Redis after an update ({@link ItemSide#publishDue}): new items at once,
 * others once their moves since the last publication add up to the drift threshold; the rest wait, with
 * how far they moved, until the caller publishes them all ({@link #drain}). Shared by the item learner
 * and the benchmarks' replay of it. Not state: the item learner drains it before every checkpoint
 * barrier. Not thread-safe.
 */
public final class PendingPublications {
    private final float minDrift;
    /** Item → how far it moved since its last publication (a one-element array, changed in place). */
    private final LinkedHashMap<String, float[]> waiting = new LinkedHashMap<>();

    /** @param minDrift the share of an item's norm its moves must add up to (0: every update is due) */
    public PendingPublications(float minDrift) {
        this.minDrift = minDrift;
    }

    /** After {@code side} applied an update to item {@code itemId} (its state {@code s}): whether to publish it now. */
    public boolean due(ItemSide side, String itemId, ItemState s, boolean created) {
        float[] before = waiting.get(itemId);
        float drift = (before == null ? 0f : before[0]) + side.lastMove();
        if (created || side.publishDue(s, drift, minDrift)) {
            if (before != null) {
                waiting.remove(itemId);
            }
            return true;
        }
        if (before == null) {
            waiting.put(itemId, new float[] {drift});
        } else {
            before[0] = drift;
        }
        return false;
    }

    /** The items waiting, in the order they started to wait, forgotten: the caller publishes each as it is now. */
    public List<String> drain() {
        List<String> ids = new ArrayList<>(waiting.keySet());
        waiting.clear();
        return ids;
    }
}
