package io.streamrec.flink.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.TimerService;

/**
 * The keys whose published value changed since it was last published, for a keyed function that
 * publishes a key at most once per interval instead of after every change: each key goes out
 * {@code intervalMs} after its first change since its last publication, on its own clock, so the
 * publications spread over time instead of leaving together once per interval (a burst that held up
 * every other write to Redis behind it). A processing-time timer fires at the oldest key's turn (at
 * most one pending, at least {@code intervalMs / }{@value #TICKS_PER_INTERVAL} apart); the function
 * {@link #publishDue}s when it fires, and its {@link PublishesChanges} operator {@link #publish}es every
 * key at the end of input. The waiting keys and their times are operator state ({@link #snapshot},
 * {@link #restore}: a checkpoint keeps them instead of publishing them at its barrier, which sent every
 * waiting key to Redis at once). Interval 0: publish every change at once (nothing is remembered). Runs
 * on the task thread only.
 */
public final class ChangedKeys {
    /** The timer's granularity: a key goes out at most this share of the interval late. */
    static final int TICKS_PER_INTERVAL = 20;
    private final long intervalMs;
    private final long tickMs;
    /** Key → processing time of its first change since its last publication, oldest first. */
    private final LinkedHashMap<String, Long> keys = new LinkedHashMap<>();
    private boolean timerPending;

    public ChangedKeys(long intervalMs) {
        if (intervalMs < 0) {
            throw new IllegalArgumentException("publish interval < 0");
        }
        this.intervalMs = intervalMs;
        this.tickMs = Math.max(1, intervalMs / TICKS_PER_INTERVAL);
    }

    /** Whether every change is published at once (interval 0). */
    public boolean immediate() {
        return intervalMs == 0;
    }

    /**
     * Remembers that {@code key} changed; sets the timer if none is pending. When {@code state} (may be null)
     * caches the key's value, the cached entry remembers that the key waits, so the next changes before its
     * publication need no lookup in the map of waiting keys (a string-keyed lookup per record; its cost in
     * the learn benchmark's profile is in docs/benchmarks.md). The mark is cleared when the key is
     * published; an evicted entry forgets it.
     */
    public void add(String key, TimerService timers, WriteBehindState<?> state) {
        if (state != null && state.marked(key)) {
            return; // waiting already, and so is the timer
        }
        long now = timers.currentProcessingTime();
        keys.putIfAbsent(key, now);
        if (state != null) {
            state.mark(key, true);
        }
        if (!timerPending) {
            timerPending = true;
            timers.registerProcessingTimeTimer(keys.values().iterator().next() + intervalMs);
        }
    }

    /**
     * Hands {@code publish} the current value of every key changed since its last publication (read from
     * {@code state}, keys without a value left out) and forgets them: what a {@link PublishesChanges}
     * function does before a barrier and at the end of input.
     */
    public <T> void publish(WriteBehindState<T> state, java.util.function.BiConsumer<String, T> publish)
            throws java.io.IOException {
        List<String> all = new ArrayList<>(keys.keySet());
        keys.clear();
        publish(all, state, publish);
    }

    /** The waiting keys with the processing time of their first change, oldest first: what a checkpoint keeps. */
    public List<Map.Entry<String, Long>> snapshot() {
        List<Map.Entry<String, Long>> out = new ArrayList<>(keys.size());
        keys.forEach((k, t) -> out.add(Map.entry(k, t)));
        return out;
    }

    /**
     * Waits again for keys a checkpoint kept (those of this instance's key groups), each from its first
     * change (a key already waiting keeps the earlier time). The next change of any key sets the timer (the
     * restored timers of this instance's keys fire as well).
     */
    public void restore(List<Map.Entry<String, Long>> waiting) {
        List<Map.Entry<String, Long>> all = snapshot();
        all.addAll(waiting);
        all.sort(Map.Entry.comparingByValue());
        keys.clear();
        for (Map.Entry<String, Long> e : all) {
            keys.putIfAbsent(e.getKey(), e.getValue());
        }
    }

    /**
     * On the timer: hands {@code publish} the keys whose first change is {@code intervalMs} old by now
     * (oldest first) and forgets them, then sets the timer for the next key's turn.
     */
    public <T> void publishDue(WriteBehindState<T> state, java.util.function.BiConsumer<String, T> publish,
                               TimerService timers) throws java.io.IOException {
        timerPending = false;
        long now = timers.currentProcessingTime();
        List<String> due = new ArrayList<>();
        Iterator<Map.Entry<String, Long>> it = keys.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() > now - intervalMs) {
                break;
            }
            due.add(e.getKey());
            it.remove();
        }
        publish(due, state, publish);
        if (!keys.isEmpty()) {
            timerPending = true;
            timers.registerProcessingTimeTimer(Math.max(keys.values().iterator().next() + intervalMs, now + tickMs));
        }
    }

    private static <T> void publish(List<String> ids, WriteBehindState<T> state, java.util.function.BiConsumer<String, T> publish)
            throws java.io.IOException {
        for (String key : ids) {
            T value = state.valueOf(key); // read only: publishing changes no state
            state.mark(key, false);
            if (value != null) {
                publish.accept(key, value);
            }
        }
    }
}
