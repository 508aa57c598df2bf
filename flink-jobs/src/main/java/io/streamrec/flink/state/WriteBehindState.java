package io.streamrec.flink.state;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.metrics.Counter;

/**
 * A keyed {@link ValueState} with a bounded heap cache in front (least recently used out first): a
 * key's value is read from the state backend on its first access, changed on the heap, and written
 * back when it is evicted and before every checkpoint barrier ({@link #writeBack}, called by
 * {@link WriteBehindOperator}), so a hot key costs one backend read and about one write per
 * checkpoint interval instead of a read and a write (each with its serialisation) per record. The
 * checkpoint holds every change made before its barrier, as without the cache. At most
 * {@code maxDirty} changed values wait for the barrier: beyond that the ones changed least recently are
 * written back at once, so the write-back at a barrier (which holds up the task) stays short.
 *
 * <p>Values are copied (with the state's serializer) when they enter and leave the cache, so the heap
 * backend's asynchronous snapshots never see an object that is being changed. Without
 * {@link #enable} (a function run by a plain operator, harness tests) or with capacity 0 it reads and
 * writes the state per access. {@code accesses} counts reads and writes of the backend.
 *
 * <p>Runs on the task thread only.
 */
public final class WriteBehindState<T> {
    private final ValueState<T> state;
    private final TypeSerializer<T> serializer;
    private final int capacity;
    private final int maxDirty;
    private final java.util.LinkedHashSet<String> dirtyKeys = new java.util.LinkedHashSet<>();
    private final Counter accesses;
    private final LinkedHashMap<String, Entry<T>> cache = new LinkedHashMap<>(16, 0.75f, true);
    private Consumer<String> keys;
    private String current;

    private static final class Entry<T> {
        T value;
        boolean dirty;

        Entry(T value) {
            this.value = value;
        }
    }

    /** At most {@code maxDirty} of the {@code capacity} cached values wait changed for the barrier. */
    public WriteBehindState(ValueState<T> state, TypeSerializer<T> serializer, int capacity, int maxDirty,
                            Counter accesses) {
        this.state = state;
        this.serializer = serializer;
        this.capacity = capacity;
        this.maxDirty = Math.max(1, maxDirty);
        this.accesses = accesses;
    }

    /** Caches from now on; {@code keys} switches the keyed-state backend to a key (the operator's setCurrentKey). */
    public void enable(Consumer<String> keys) {
        this.keys = keys;
    }

    private boolean caching() {
        return keys != null && capacity > 0;
    }

    /** The value of {@code key} (the current key), null when it has none; change it in place, then {@link #update}. */
    public T value(String key) throws IOException {
        if (!caching()) {
            accesses.inc();
            return state.value();
        }
        current = key;
        Entry<T> e = cache.get(key);
        if (e != null) {
            return e.value;
        }
        accesses.inc();
        T stored = state.value();
        if (stored == null) {
            return null;
        }
        cache.put(key, new Entry<>(serializer.copy(stored)));
        evict();
        return cache.get(key).value;
    }

    /** Sets the value of {@code key} (the current key). */
    public void update(String key, T value) throws IOException {
        if (!caching()) {
            accesses.inc();
            state.update(value);
            return;
        }
        current = key;
        Entry<T> e = cache.get(key);
        if (e == null) {
            e = new Entry<>(value);
            cache.put(key, e);
        }
        e.value = value;
        if (e.dirty) {
            // least recently changed first: a hot key stays on the heap until the barrier, so the values
            // written back early are the ones that would not have changed again before it anyway
            dirtyKeys.remove(key);
        }
        e.dirty = true;
        dirtyKeys.add(key);
        evict();
        trickle();
    }

    /** Writes back the values changed least recently while more than {@code maxDirty} wait. */
    private void trickle() throws IOException {
        if (dirtyKeys.size() <= maxDirty) {
            return;
        }
        Iterator<String> it = dirtyKeys.iterator();
        while (dirtyKeys.size() > maxDirty && it.hasNext()) {
            String k = it.next();
            it.remove();
            if (k.equals(current)) {
                dirtyKeys.add(current); // re-queued at the end; written at its turn
                break;
            }
            Entry<T> e = cache.get(k);
            if (e != null && e.dirty) {
                store(k, e.value);
                e.dirty = false;
            }
        }
        keys.accept(current);
    }

    /**
     * The value of any key, not only the current one (e.g. to revisit keys the function remembered):
     * switches the backend to {@code key} for the access and back afterwards. Needs the operator's key
     * switch ({@link #enable}).
     */
    public T valueOf(String key) throws IOException {
        String was = switchTo(key);
        try {
            return value(key);
        } finally {
            switchBack(was);
        }
    }

    private String switchTo(String key) {
        if (keys == null) {
            throw new IllegalStateException("access to other keys needs the operator's key switch (a WriteBehindOperator)");
        }
        String was = current;
        current = key;
        keys.accept(key);
        return was;
    }

    private void switchBack(String was) {
        current = was;
        if (was != null) {
            keys.accept(was);
        }
    }

    /** Removes the value of {@code key} (the current key). */
    public void clear(String key) {
        cache.remove(key);
        dirtyKeys.remove(key);
        accesses.inc();
        state.clear();
    }

    public int cached() {
        return cache.size();
    }

    private void evict() throws IOException {
        if (cache.size() <= capacity) {
            return;
        }
        Iterator<Map.Entry<String, Entry<T>>> it = cache.entrySet().iterator();
        while (cache.size() > capacity && it.hasNext()) {
            Map.Entry<String, Entry<T>> e = it.next();
            if (e.getKey().equals(current)) {
                continue;
            }
            if (e.getValue().dirty) {
                store(e.getKey(), e.getValue().value);
                dirtyKeys.remove(e.getKey());
            }
            it.remove();
        }
        keys.accept(current);
    }

    /** Writes every changed value back to the state backend (before a checkpoint barrier). */
    public void writeBack() throws IOException {
        if (!caching()) {
            return;
        }
        for (String k : dirtyKeys) {
            Entry<T> e = cache.get(k);
            if (e != null && e.dirty) {
                store(k, e.value);
                e.dirty = false;
            }
        }
        dirtyKeys.clear();
        if (current != null) {
            keys.accept(current);
        }
    }

    private void store(String key, T value) throws IOException {
        keys.accept(key);
        accesses.inc();
        state.update(serializer.copy(value));
    }
}
