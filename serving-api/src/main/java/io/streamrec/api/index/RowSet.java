package io.streamrec.api.index;

import io.streamrec.core.vector.ItemMatrix;
import java.util.Set;

/**
 * A small set of matrix rows (ints ≥ 0) for one request: open addressing with linear probing, no
 * removal, no boxing. Where a request asks "is this row already a candidate / on this trending list?"
 * for each of hundreds of rows, this answers from one or two cache lines instead of hashing id strings or
 * binary searching a sorted array.
 */
public final class RowSet {
    private static final int FREE = -1;
    private int[] slots;
    private int size;

    /**
     * The rows of {@code ids} in {@code matrix} as of now, null when none has a row (callers hold the index's
     * read lock). A small set for a user's recent and bought items, asked only about the rows that beat a
     * scan's threshold: a bitmap over every row would cost an allocation of a bit per item per request.
     */
    static RowSet rowsOf(Set<String> ids, ItemMatrix matrix) {
        RowSet rows = null;
        for (String id : ids) {
            int r = matrix.rowOf(id);
            if (r >= 0) {
                if (rows == null) {
                    rows = new RowSet(ids.size());
                }
                rows.add(r);
            }
        }
        return rows;
    }

    /** Room for about {@code expected} rows before the table grows. */
    public RowSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        slots = new int[cap];
        java.util.Arrays.fill(slots, FREE);
    }

    /** Adds {@code row} (≥ 0); false when it was there already. */
    public boolean add(int row) {
        if (row < 0) {
            throw new IllegalArgumentException("row " + row);
        }
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = mix(row) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == row) {
                return false;
            }
            if (slots[i] == FREE) {
                slots[i] = row;
                size++;
                return true;
            }
        }
    }

    public boolean contains(int row) {
        return slotOf(row) >= 0;
    }

    /**
     * Where {@code row} sits in the table (0 ≤ slot &lt; {@link #capacity()}), or -1: lets a caller keep a
     * value per row in an array of {@link #capacity()}, valid as long as no {@link #add} grows the table
     * (one built with room for all its rows never does).
     */
    public int slotOf(int row) {
        int mask = slots.length - 1;
        for (int i = mix(row) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == row) {
                return i;
            }
            if (s == FREE) {
                return -1;
            }
        }
    }

    /** The table's size: slots are below it. */
    public int capacity() {
        return slots.length;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        java.util.Arrays.fill(slots, FREE);
        size = 0;
        for (int s : old) {
            if (s != FREE) {
                add(s);
            }
        }
    }

    private static int mix(int row) {
        int h = row * 0x9E3779B9; // rows are dense: spread neighbours over the table
        return h ^ (h >>> 16);
    }
}
