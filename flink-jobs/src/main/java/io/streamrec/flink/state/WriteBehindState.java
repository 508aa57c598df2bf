package io.streamrec.flink.state;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.metrics.Counter;

/**
 * A keyed {@link ValueState} with a bounded heap cache in front (evicted by CLOCK, see below): a
 * key's value is read from the state backend on its first access, changed on the heap, and written
 * back when it is evicted and before every checkpoint barrier ({@link #writeBack}, called by
 * {@link WriteBehindOperator}), so a hot key costs one backend read and about one write per
 * checkpoint interval instead of a read and a write (each with its serialisation) per record. The
 * checkpoint holds every change made before its barrier, as without the cache. At most
 * {@code maxDirty} changed values wait for the barrier: beyond that the ones changed least recently are
 * written back at once, so the write-back at a barrier (which holds up the task) stays short.
 *
 * <p>On a backend that keeps objects (the heap backend) values are copied with the state's serializer
 * when they enter and leave the cache, so its asynchronous snapshots never see an object that is being
 * changed; a backend that serialises on every write and read (RocksDB) needs no copies. Without
 * {@link #enable} (a function run by a plain operator, harness tests) or with capacity 0 it reads and
 * writes the state per access. {@code accesses} counts reads and writes of the backend.
 *
 * <p>Eviction is CLOCK, the second-chance approximation of least recently used: an access only sets
 * a flag on the key's entry, and a hand sweeping the entries evicts the first one not used since it last
 * passed (a key read once and never again goes first). An access-ordered {@code LinkedHashMap} instead
 * relinks the entry and its two neighbours at every access (scattered writes to old objects, each also a
 * card the young collections scan); the changed values wait in a queue (least recently changed first)
 * that a change appends to and that skips the entries a later change superseded, instead of a
 * {@code LinkedHashSet} removal and insertion per change (the learn benchmark's profile,
 * docs/benchmarks.md). The entries are their own hash table's nodes (each holds its key's hash and the
 * next entry of its bucket): a lookup reads the bucket, the entry and its key, where a {@code HashMap}
 * reads a node in between, one more cache miss per record in a cache of tens of thousands of keys.
 *
 * <p>Runs on the task thread only.
 */
public final class WriteBehindState<T> {
    private final ValueState<T> state;
    private final TypeSerializer<T> serializer;
    private final int capacity;
    private final int maxDirty;
    private final Counter accesses;
    /** The cached entries by key: buckets of entries chained by {@link Entry#next}; a power of two long. */
    private Entry<?>[] table = new Entry<?>[16];
    private int size;
    /** The CLOCK's entries (null: a free slot) and its hand. */
    private Entry<?>[] slots = new Entry<?>[16];
    private int used;
    private int hand;
    /** Changed values in the order of their latest change, oldest first; an element is stale once its entry changed again. */
    private Entry<?>[] queue = new Entry<?>[16];
    private long[] queueSeq = new long[16];
    private int queueHead;
    private int queueSize;
    private long seq;
    private int dirtyCount;
    private Consumer<String> keys;
    private boolean copies = true;
    private boolean uncached;
    private String current;
    /** The entry of {@link #current} when it is cached: {@link #update} after {@link #value} needs no lookup. */
    private Entry<T> currentEntry;
    /** The entry the latest access cached: its update is part of that access, not a reuse. */
    private Entry<T> fresh;

    private static final class Entry<T> {
        final String key;
        /** {@link #hash} of the key. */
        final int hash;
        /** The next entry of its bucket. */
        Entry<?> next;
        T value;
        boolean dirty;
        /** Used again since it was cached or the hand last passed. */
        boolean referenced;
        /** Its slot in the CLOCK, -1 once evicted. */
        int slot;
        /** The sequence number of its latest change: the queue element that is not stale. */
        long changed;
        /** Waiting for publication in a {@link ChangedKeys} (set and cleared by it). */
        boolean marked;

        Entry(String key, T value) {
            this.key = key;
            this.hash = hash(key);
            this.value = value;
        }
    }

    /** The key's hash code with its high bits folded into the low ones that pick a bucket (as HashMap's). */
    private static int hash(String key) {
        int h = key.hashCode();
        return h ^ (h >>> 16);
    }

    @SuppressWarnings("unchecked")
    private Entry<T> get(String key) {
        int h = hash(key);
        for (Entry<?> e = table[h & (table.length - 1)]; e != null; e = e.next) {
            if (e.hash == h && (e.key == key || e.key.equals(key))) {
                return (Entry<T>) e;
            }
        }
        return null;
    }

    /** Adds an entry whose key is not cached. */
    private void put(Entry<T> e) {
        if (size >= table.length - (table.length >>> 2)) {
            Entry<?>[] grown = new Entry<?>[2 * table.length];
            for (Entry<?> head : table) {
                for (Entry<?> x = head, next; x != null; x = next) {
                    next = x.next;
                    int i = x.hash & (grown.length - 1);
                    x.next = grown[i];
                    grown[i] = x;
                }
            }
            table = grown;
        }
        int i = e.hash & (table.length - 1);
        e.next = table[i];
        table[i] = e;
        size++;
    }

    /** Takes a cached entry out of its bucket. */
    private void unlink(Entry<?> e) {
        int i = e.hash & (table.length - 1);
        if (table[i] == e) {
            table[i] = e.next;
        } else {
            Entry<?> before = table[i];
            while (before.next != e) {
                before = before.next;
            }
            before.next = e.next;
        }
        e.next = null;
        size--;
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

    /**
     * Caches from now on; {@code keys} switches the keyed-state backend to a key (the operator's
     * setCurrentKey). {@code copies}: whether values are copied on their way in and out (a backend that
     * keeps the objects it is given, as the heap backend does).
     */
    public void enable(Consumer<String> keys, boolean copies) {
        this.keys = keys;
        this.copies = copies;
    }

    /**
     * Lends the operator's key switch ({@link #valueOf} needs it) but keeps nothing on the heap: every
     * access reads or writes the backend, for a backend that is a heap cache itself.
     */
    public void enableWithoutCache(Consumer<String> keys) {
        this.keys = keys;
        this.uncached = true;
    }

    private boolean caching() {
        return keys != null && capacity > 0 && !uncached;
    }

    private Entry<T> lookup(String key) {
        Entry<T> e = currentEntry;
        if (e != null && e.slot >= 0 && (e.key == key || e.key.equals(key))) {
            return e;
        }
        e = get(key);
        currentEntry = e;
        return e;
    }

    /** The value of {@code key} (the current key), null when it has none; change it in place, then {@link #update}. */
    public T value(String key) throws IOException {
        if (!caching()) {
            accesses.inc();
            return state.value();
        }
        current = key;
        Entry<T> e = lookup(key);
        if (e != null) {
            e.referenced = true;
            fresh = null;
            return e.value;
        }
        accesses.inc();
        T stored = state.value();
        if (stored == null) {
            return null;
        }
        return insert(key, copies ? serializer.copy(stored) : stored).value;
    }

    /** Sets the value of {@code key} (the current key). */
    public void update(String key, T value) throws IOException {
        if (!caching()) {
            accesses.inc();
            state.update(value);
            return;
        }
        current = key;
        Entry<T> e = lookup(key);
        if (e == null) {
            e = insert(key, value);
        } else if (e != fresh) {
            e.referenced = true;
        }
        e.value = value;
        // least recently changed first: a hot key stays on the heap until the barrier, so the values
        // written back early are the ones that would not have changed again before it anyway
        if (!e.dirty) {
            e.dirty = true;
            dirtyCount++;
        }
        e.changed = ++seq;
        enqueue(e, e.changed);
        trickle();
    }

    /** Caches a new entry for {@code key} (the current key), evicting one when the cache is full. */
    private Entry<T> insert(String key, T value) throws IOException {
        Entry<T> e = new Entry<>(key, value);
        int slot = freeSlot();
        e.slot = slot;
        slots[slot] = e;
        put(e);
        currentEntry = e;
        fresh = e;
        return e;
    }

    /** A slot for a new entry: a free one while the cache is not full, else the CLOCK's victim's. */
    private int freeSlot() throws IOException {
        if (size < capacity && used < capacity) {
            if (used == slots.length) {
                slots = Arrays.copyOf(slots, Math.min(capacity, 2 * slots.length));
            }
            return used++;
        }
        // every entry is passed at most twice: once to clear its flag, once to take it
        for (int steps = 0; steps < 2 * used + 1; steps++) {
            int i = hand;
            hand = hand + 1 == used ? 0 : hand + 1;
            Entry<?> e = slots[i];
            if (e == null) {
                return i; // freed by clear()
            }
            if (size < capacity || e.key.equals(current)) {
                continue; // room left (a freed slot is ahead), or the key being worked on
            }
            if (e.referenced) {
                e.referenced = false;
                continue;
            }
            evict(e);
            return i;
        }
        // only the current key is cached (capacity 1): let the cache hold one more
        if (used == slots.length) {
            slots = Arrays.copyOf(slots, 2 * slots.length);
        }
        return used++;
    }

    @SuppressWarnings("unchecked")
    private void evict(Entry<?> victim) throws IOException {
        Entry<T> e = (Entry<T>) victim;
        unlink(e);
        slots[e.slot] = null;
        e.slot = -1;
        if (e.dirty) {
            writeOut(e);
            keys.accept(current);
        }
    }

    /** Writes a changed value back: it waits no more. */
    private void writeOut(Entry<T> e) throws IOException {
        store(e.key, e.value);
        e.dirty = false;
        dirtyCount--;
    }

    /** Whether queue slot {@code i} holds its entry's latest change, still unwritten (else it is stale). */
    private boolean live(int i) {
        return queue[i].dirty && queue[i].changed == queueSeq[i];
    }

    private void enqueue(Entry<?> e, long changed) {
        if (queueSize == queue.length) {
            growQueue();
        }
        int tail = (queueHead + queueSize) & (queue.length - 1);
        queue[tail] = e;
        queueSeq[tail] = changed;
        queueSize++;
    }

    /** Doubles the queue or, when most of it is stale, keeps only its live elements (in order). */
    private void growQueue() {
        int kept = 0;
        Entry<?>[] q = new Entry<?>[dirtyCount * 4 < queue.length ? queue.length : 2 * queue.length];
        long[] qs = new long[q.length];
        for (int k = 0; k < queueSize; k++) {
            int i = (queueHead + k) & (queue.length - 1);
            if (live(i)) {
                q[kept] = queue[i];
                qs[kept++] = queueSeq[i];
            }
        }
        queue = q;
        queueSeq = qs;
        queueHead = 0;
        queueSize = kept;
    }

    /** Writes back the values changed least recently while more than {@code maxDirty} wait. */
    @SuppressWarnings("unchecked")
    private void trickle() throws IOException {
        if (dirtyCount <= maxDirty) {
            return;
        }
        while (dirtyCount > maxDirty && queueSize > 0) {
            Entry<T> e = (Entry<T>) queue[queueHead];
            boolean pending = live(queueHead);
            queue[queueHead] = null;
            queueHead = (queueHead + 1) & (queue.length - 1);
            queueSize--;
            if (!pending) {
                continue; // changed again later (queued again), or written already
            }
            if (e.key.equals(current)) {
                e.changed = ++seq;
                enqueue(e, e.changed); // re-queued at the end; written at its turn
                break;
            }
            writeOut(e);
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
        Entry<T> e = get(key);
        if (e != null) {
            unlink(e);
            if (e.dirty) {
                e.dirty = false; // its queue element is stale now
                dirtyCount--;
            }
            slots[e.slot] = null;
            e.slot = -1;
        }
        currentEntry = null;
        fresh = null;
        accesses.inc();
        state.clear();
    }

    /**
     * Whether {@code key}'s cached entry carries {@link ChangedKeys}'s mark (the key waits for publication),
     * false when it is not cached: the mark saves a lookup in the waiting keys' map per record, and an
     * evicted entry loses it (the map is asked again).
     */
    boolean marked(String key) {
        if (!caching()) {
            return false;
        }
        Entry<T> e = lookup(key);
        return e != null && e.marked;
    }

    /** Sets or clears {@code key}'s mark when it is cached. */
    void mark(String key, boolean on) {
        if (!caching()) {
            return;
        }
        Entry<T> e = lookup(key);
        if (e != null) {
            e.marked = on;
        }
    }

    public int cached() {
        return size;
    }

    /** Writes every changed value back to the state backend (before a checkpoint barrier). */
    @SuppressWarnings("unchecked")
    public void writeBack() throws IOException {
        if (!caching()) {
            return;
        }
        for (int k = 0; k < queueSize; k++) {
            int i = (queueHead + k) & (queue.length - 1);
            if (live(i)) {
                writeOut((Entry<T>) queue[i]); // every changed value has its latest change in the queue
            }
            queue[i] = null;
        }
        queueHead = 0;
        queueSize = 0;
        if (current != null) {
            keys.accept(current);
        }
    }

    private void store(String key, T value) throws IOException {
        keys.accept(key);
        accesses.inc();
        state.update(copies ? serializer.copy(value) : value);
    }
}
