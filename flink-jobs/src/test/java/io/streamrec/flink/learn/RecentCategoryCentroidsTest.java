package io.streamrec.flink.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.vector.ItemMatrix;
import org.junit.jupiter.api.Test;

class RecentCategoryCentroidsTest {
    static float[] v(float a, float b, float bias) {
        return new float[] {a, b, bias};
    }

    @Test
    void theCentroidIsTheMeanOfTheWindowsPublishedItems() {
        ItemMatrix cache = new ItemMatrix(3, 100);
        RecentCategoryCentroids c = new RecentCategoryCentroids(cache, 3);
        assertThat(c.centroid("toys")).isNull();
        c.remember("toys", "unpublished");
        assertThat(c.centroid("toys")).as("no item of the window is published").isNull();
        cache.upsert("a", v(1, 2, 3), 1);
        cache.upsert("b", v(3, 4, 5), 1);
        c.remember("toys", "a");
        c.remember("toys", "b");
        assertThat(c.centroid("toys")).containsExactly(2f, 3f, 4f);
        assertThat(c.centroid(null)).isNull();
        assertThat(c.centroid("garden")).isNull();
    }

    @Test
    void theOldestItemLeavesAFullWindowAndJoinsAndLeavesKeepTheMeanExact() {
        ItemMatrix cache = new ItemMatrix(3, 100);
        for (int i = 0; i < 5; i++) {
            cache.upsert("i" + i, v(i, 10 * i, 0), 1);
        }
        RecentCategoryCentroids c = new RecentCategoryCentroids(cache, 2);
        c.remember("toys", "i0");
        c.remember("toys", "i1");
        assertThat(c.centroid("toys")).containsExactly(0.5f, 5f, 0f); // computed from the cache
        c.remember("toys", "i2"); // i0 leaves: kept incrementally
        assertThat(c.centroid("toys")).containsExactly(1.5f, 15f, 0f);
        c.remember("toys", "i2"); // already in the window: nothing changes
        c.remember("toys", "i4"); // i1 leaves
        assertThat(c.centroid("toys")).containsExactly(3f, 30f, 0f);
    }

    @Test
    void theSumIsRecomputedOnceTheCacheHasMovedAsOftenAsItHoldsItems() {
        ItemMatrix cache = new ItemMatrix(3, 100);
        cache.upsert("a", v(1, 1, 0), 1);
        cache.upsert("b", v(3, 3, 0), 1);
        RecentCategoryCentroids c = new RecentCategoryCentroids(cache, 8);
        c.remember("toys", "a");
        assertThat(c.centroid("toys")).containsExactly(1f, 1f, 0f);
        cache.upsert("a", v(5, 5, 0), 2); // one update of a two-item cache: the mean may lag
        assertThat(c.centroid("toys")[0]).isEqualTo(1f);
        cache.upsert("a", v(7, 7, 0), 3);
        cache.upsert("a", v(9, 9, 0), 4); // three updates > two items: recomputed
        assertThat(c.centroid("toys")[0]).isCloseTo(9f, within(1e-6f));
        c.remember("toys", "late");
        cache.upsert("late", v(1, 1, 0), 1); // published after it joined: counted from the next recomputation
        assertThat(c.centroid("toys")[0]).isCloseTo(9f, within(1e-6f));
        for (int i = 0; i < 3; i++) {
            cache.upsert("b", v(3, 3, 0), 2 + i);
        }
        assertThat(c.centroid("toys")[0]).isCloseTo(5f, within(1e-6f));
    }
}
