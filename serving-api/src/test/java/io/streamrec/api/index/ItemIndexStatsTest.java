package io.streamrec.api.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.kernel.ScanPool;
import io.streamrec.core.kernel.TopK;
import io.streamrec.core.vector.ItemMatrix;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The index's figures follow the matrix, the scan pool and the poller they are read from. */
class ItemIndexStatsTest {

    @Test
    void reportsTheMatrixThePoolAndThePollerAsTheyAreNow() {
        ItemMatrix matrix = new ItemMatrix(3, 100);
        matrix.quantizeFrom(3);
        AtomicBoolean loaded = new AtomicBoolean();
        AtomicLong sinceSync = new AtomicLong(-1);
        try (ScanPool pool = new ScanPool(2, 1)) {
            ItemIndexStats stats = new ItemIndexStats(matrix, pool, loaded::get, sinceSync::get);
            assertThat(stats.items()).isZero();
            assertThat(stats.loaded()).isFalse();
            assertThat(stats.millisSinceSync()).isEqualTo(-1);

            matrix.upsert("a", new float[] {1, 0, 0}, 1);
            matrix.upsert("b", new float[] {0, 1, 0}, 1);
            assertThat(stats.items()).isEqualTo(2);
            assertThat(stats.scansQuantized()).as("below the quantisation threshold").isFalse();
            try (ScanPool.Request r = pool.request()) {
                matrix.topK(new float[] {1, 0, 0}, new TopK(1), row -> false, pool);
            }
            assertThat(stats.scanSplits()).as("an idle pool splits a float scan").isEqualTo(1);
            assertThat(stats.scansShared()).isZero();
            matrix.upsert("c", new float[] {0, 0, 1}, 1);
            assertThat(stats.scansQuantized()).isTrue();
            assertThat(stats.exactRescans()).isEqualTo(matrix.exactRescans());

            loaded.set(true);
            sinceSync.set(42);
            assertThat(stats.loaded()).isTrue();
            assertThat(stats.millisSinceSync()).isEqualTo(42);
        }
    }
}
