package io.streamrec.flink.cooc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The co-occurrence counts of a bundle of events of one user-learner instance, grouped by the item they
 * count for: one message per item and bundle ({@link CooccurrenceUpdate}) instead of one per count. An
 * event of a long basket makes {@code 1 + 2·partners} counts for up to {@code 1 + partners} items, and
 * a basket's latest items receive a count from each of its next events, so most counts of a bundle share
 * their item with others. Each item's counts keep the order they were made in, and bundles leave in
 * order, so an item's state sees the same sequence of counts as without bundles: the same result.
 * Not thread-safe.
 */
public final class PairBundle {
    private final LinkedHashMap<String, Counts> byItem = new LinkedHashMap<>();
    private int events;
    private int counts;

    private static final class Counts {
        String[] others = new String[4];
        long[] ts = new long[4];
        int n;

        void add(String other, long t) {
            if (n == others.length) {
                others = Arrays.copyOf(others, 2 * n);
                ts = Arrays.copyOf(ts, 2 * n);
            }
            others[n] = other;
            ts[n++] = t;
        }
    }

    /** A count for {@code itemId}: one more basket ({@code other} null) or one shared with {@code other}. */
    public void add(String itemId, String other, long ts) {
        Counts c = byItem.get(itemId);
        if (c == null) {
            c = new Counts();
            byItem.put(itemId, c);
        }
        c.add(other, ts);
        counts++;
    }

    /** One more event in the bundle (whether or not it made counts). */
    public void eventAdded() {
        events++;
    }

    /** Events added since the bundle was last drained. */
    public int events() {
        return events;
    }

    /** Counts added since the bundle was last drained. */
    public int counts() {
        return counts;
    }

    public boolean isEmpty() {
        return byItem.isEmpty();
    }

    /** One message per item, in the order the items first received a count; the bundle starts empty again. */
    public List<CooccurrenceUpdate> drain() {
        events = 0;
        counts = 0;
        if (byItem.isEmpty()) {
            return List.of();
        }
        List<CooccurrenceUpdate> out = new ArrayList<>(byItem.size());
        byItem.forEach((item, c) -> out.add(new CooccurrenceUpdate(item,
                c.n == c.others.length ? c.others : Arrays.copyOf(c.others, c.n),
                c.n == c.ts.length ? c.ts : Arrays.copyOf(c.ts, c.n))));
        byItem.clear();
        return out;
    }
}
