package io.streamrec.flink.state;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.flink.streaming.api.TimerService;

/**
 * The keys whose published value changed since it was last published, for a keyed function that
 * publishes once per interval instead of after every change: the first change after a publication
 * registers a processing-time timer {@code intervalMs} later; the function {@link #publish}es the keys
 * when it fires, and its {@link PublishesChanges} operator before every checkpoint
 * barrier and at the end of input. Interval 0: publish every change at once (nothing is remembered).
 * Runs on the task thread only; not state (empty at every barrier).
 */
public final class ChangedKeys {
    private final long intervalMs;
    private final LinkedHashSet<String> keys = new LinkedHashSet<>();
    private boolean timerPending;

    public ChangedKeys(long intervalMs) {
        if (intervalMs < 0) {
            throw new IllegalArgumentException("publish interval < 0");
        }
        this.intervalMs = intervalMs;
    }

    /** Whether every change is published at once (interval 0). */
    public boolean immediate() {
        return intervalMs == 0;
    }

    /** Remembers that {@code key} changed; the first change after a publication sets the timer. */
    public void add(String key, TimerService timers) {
        keys.add(key);
        if (!timerPending) {
            timerPending = true;
            timers.registerProcessingTimeTimer(timers.currentProcessingTime() + intervalMs);
        }
    }

    /**
     * Hands {@code publish} the current value of every key changed since the last publication (read from
     * {@code state}, keys without a value left out) and forgets them: what a {@link PublishesChanges}
     * function does when its timer fires and before a barrier.
     */
    public <T> void publish(WriteBehindState<T> state, java.util.function.BiConsumer<String, T> publish)
            throws java.io.IOException {
        for (String key : drain()) {
            T value = state.valueOf(key); // read only: publishing changes no state
            if (value != null) {
                publish.accept(key, value);
            }
        }
    }

    /** The keys changed since the last drain, in the order they first changed; forgets them. */
    private List<String> drain() {
        timerPending = false;
        List<String> out = new ArrayList<>(keys);
        keys.clear();
        return out;
    }
}
