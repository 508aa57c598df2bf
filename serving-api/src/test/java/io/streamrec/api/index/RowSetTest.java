package io.streamrec.api.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.vector.ItemMatrix;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowSetTest {
    @Test
    void answersLikeAHashSetWhileGrowingPastItsExpectedSize() {
        RowSet rows = new RowSet(4);
        Set<Integer> expected = new HashSet<>();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 5000; i++) {
            int row = i % 3 == 0 ? i : rnd.nextInt(1_000_000); // dense runs and scattered rows
            assertThat(rows.add(row)).isEqualTo(expected.add(row));
        }
        assertThat(rows.size()).isEqualTo(expected.size());
        for (int row = 0; row < 1_000_000; row += 7) {
            assertThat(rows.contains(row)).as("row %d", row).isEqualTo(expected.contains(row));
        }
        assertThat(new RowSet(0).contains(0)).isFalse();
        assertThat(new RowSet(0).isEmpty()).isTrue();
        assertThatThrownBy(() -> rows.add(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSetBuiltWithRoomForItsRowsKeepsOneSlotPerRowForValuesBesideIt() {
        SplittableRandom rnd = new SplittableRandom(11);
        int[] added = rnd.ints(0, 100_000).distinct().limit(1000).toArray();
        RowSet rows = new RowSet(added.length);
        int capacity = rows.capacity();
        long[] values = new long[capacity];
        for (int row : added) {
            rows.add(row);
            values[rows.slotOf(row)] = 3L * row + 1;
        }
        assertThat(rows.capacity()).as("never grew").isEqualTo(capacity);
        Set<Integer> slots = new HashSet<>();
        for (int row : added) {
            int slot = rows.slotOf(row);
            assertThat(slots.add(slot)).as("slot of row %d is its own", row).isTrue();
            assertThat(values[slot]).isEqualTo(3L * row + 1);
        }
        Set<Integer> present = new HashSet<>();
        for (int row : added) {
            present.add(row);
        }
        for (int row = 0; row < 100_000; row++) {
            if (!present.contains(row)) {
                assertThat(rows.slotOf(row)).as("row %d", row).isEqualTo(-1);
            }
        }
    }

    @Test
    void rowsOfResolvesTheIdsThatHaveARowAndIsNullWhenNoneHas() {
        ItemMatrix matrix = new ItemMatrix(2, 10);
        matrix.upsert("a", new float[] {1, 0}, 1);
        matrix.upsert("b", new float[] {0, 1}, 1);
        RowSet rows = RowSet.rowsOf(Set.of("b", "unknown"), matrix);
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.contains(1)).isTrue();
        assertThat(rows.contains(0)).isFalse();
        assertThat(RowSet.rowsOf(Set.of("unknown"), matrix)).isNull();
        assertThat(RowSet.rowsOf(Set.of(), matrix)).isNull();
    }
}
