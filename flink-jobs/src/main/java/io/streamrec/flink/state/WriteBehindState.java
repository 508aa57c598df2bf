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
 * checkpoint holds every change made before its barrier, as without the cache.
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

    public WriteBehindState(ValueState<T> state, TypeSerializer<T> serializer, int capacity, Counter accesses) {
        this.state = state;
        this.serializer = serializer;
        this.capacity = capacity;
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
        e.dirty = true;
        evict();
    }

    /** Removes the value of {@code key} (the current key). */
    public void clear(String key) {
        cache.remove(key);
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
        for (Map.Entry<String, Entry<T>> e : cache.entrySet()) {
            if (e.getValue().dirty) {
                store(e.getKey(), e.getValue().value);
                e.getValue().dirty = false;
            }
        }
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
