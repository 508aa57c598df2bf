package io.streamrec.core.util;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One value per key and process, shared by everyone who acquired it and closed when the last of them
 * gives it back: the job's Redis clients, the published item vectors and the text vectors each keep one
 * per task-manager process, however many slots use them. The value is made (and closed) under the
 * registry's lock, so a second user waits for the first one's value rather than making another.
 */
public final class ProcessShared<K, V> {
    private final Map<K, Entry<V>> shared = new HashMap<>();
    private final Function<K, V> create;
    private final Consumer<V> close;

    private static final class Entry<V> {
        final V value;
        int users;

        Entry(V value) {
            this.value = value;
        }
    }

    /** {@code create} makes the value of a key on its first acquisition; {@code close} ends it after the last release. */
    public ProcessShared(Function<K, V> create, Consumer<V> close) {
        this.create = create;
        this.close = close;
    }

    /** The key's value, made now when nobody holds it; give it back with {@link #release}. */
    public synchronized V acquire(K key) {
        Entry<V> e = shared.computeIfAbsent(key, k -> new Entry<>(create.apply(k)));
        e.users++;
        return e.value;
    }

    /** Gives back one acquisition of the key's value; the last one closes it and forgets it. */
    public synchronized void release(K key) {
        Entry<V> e = shared.get(key);
        if (e != null && --e.users == 0) {
            shared.remove(key);
            close.accept(e.value);
        }
    }
}
