package io.streamrec.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
