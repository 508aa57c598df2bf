package io.streamrec.api.index;

import io.streamrec.core.kernel.ScanPool;
import io.streamrec.core.vector.ItemMatrix;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What the item index reports about itself for metrics and health, read without its lock: every figure
 * is a counter or a size that may be a moment old, never part of a request's answer.
 */
public final class ItemIndexStats {
    private final ItemMatrix matrix;
    private final ScanPool scans;
    private final BooleanSupplier loaded;
    private final LongSupplier millisSinceSync;

    ItemIndexStats(ItemMatrix matrix, ScanPool scans, BooleanSupplier loaded, LongSupplier millisSinceSync) {
        this.matrix = matrix;
        this.scans = scans;
        this.loaded = loaded;
        this.millisSinceSync = millisSinceSync;
    }

    /** Item vectors held. */
    public int items() {
        return matrix.size();
    }

    /** Whether scans take the int8 first pass now. */
    public boolean scansQuantized() {
        return matrix.scansQuantized();
    }

    /** Quantised scans that fell back to the float scan (see {@link ItemMatrix#exactRescans()}). */
    public long exactRescans() {
        return matrix.exactRescans();
    }

    /** Scans split over idle cores so far ({@link ScanPool#splits()}). */
    public long scanSplits() {
        return scans.splits();
    }

    /** Scans that went through the items in one pass with other requests' so far ({@link ScanPool#sharedScans()}). */
    public long scansShared() {
        return scans.sharedScans();
    }

    /** Whether the first full load from Redis has happened. */
    public boolean loaded() {
        return loaded.getAsBoolean();
    }

    /** Milliseconds since the last successful read of the change feed (-1 before the first). */
    public long millisSinceSync() {
        return millisSinceSync.getAsLong();
    }
}
