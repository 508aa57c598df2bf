package io.streamrec.core.vector;

/**
 * Item id → row of an {@link ItemMatrix}: open addressing with linear probing over parallel arrays of
 * the keys, their hashes and their rows. A lookup reads a hash slot and compares the key only where
 * the hash matches, instead of a {@code HashMap<String, Integer>}'s node, key and boxed row (three
 * dependent loads from scattered objects per probe): the user learner looks up every target and context
 * item of every event. Rows are never removed (the matrix only grows). Not thread-safe.
 */
final class RowIndex {
    private String[] keys;
    private int[] hashes;
    private int[] rows;
    private int size;
    private int shift;

    RowIndex(int expected) {
        int slots = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(slots);
    }

    private void allocate(int slots) {
        keys = new String[slots];
        hashes = new int[slots];
        rows = new int[slots];
        shift = 32 - Integer.numberOfTrailingZeros(slots);
    }

    /** The first slot to probe: Fibonacci hashing of the string's hash over the table. */
    private int slot(int h) {
        return (h * 0x9E3779B9) >>> shift;
    }

    /** The row of {@code id}, or -1. */
    int get(String id) {
        int h = id.hashCode();
        int mask = keys.length - 1;
        for (int i = slot(h); ; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == h && (k == id || k.equals(id))) {
                return rows[i];
            }
        }
    }

    /** Maps {@code id} (not present yet) to {@code row}. */
    void put(String id, int row) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        insert(id, id.hashCode(), row);
        size++;
    }

    private void insert(String id, int h, int row) {
        int mask = keys.length - 1;
        int i = slot(h);
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = id;
        hashes[i] = h;
        rows[i] = row;
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldHashes = hashes;
        int[] oldRows = rows;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], oldHashes[i], oldRows[i]);
            }
        }
    }

    int size() {
        return size;
    }
}
