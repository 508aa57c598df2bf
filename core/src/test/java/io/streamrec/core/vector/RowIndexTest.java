package io.streamrec.core.vector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RowIndexTest {
    @Test
    void findsEveryRowAcrossGrowthAndNothingElse() {
        RowIndex index = new RowIndex(4);
        for (int i = 0; i < 10_000; i++) {
            index.put("item-" + i, i);
        }
        assertThat(index.size()).isEqualTo(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(index.get(new String("item-" + i))).isEqualTo(i); // equal, not the same instance
        }
        assertThat(index.get("item-10000")).isEqualTo(-1);
        assertThat(index.get("")).isEqualTo(-1);
    }

    @Test
    void keysWithTheSameHashKeepTheirOwnRows() {
        // "Aa" and "BB" (and their concatenations) share a String hash code
        RowIndex index = new RowIndex(16);
        String[] same = {"AaAa", "AaBB", "BBAa", "BBBB"};
        assertThat(same[0].hashCode()).isEqualTo(same[3].hashCode());
        for (int i = 0; i < same.length; i++) {
            index.put(same[i], 7 * i);
        }
        for (int i = 0; i < same.length; i++) {
            assertThat(index.get(same[i])).isEqualTo(7 * i);
        }
        assertThat(index.get("AaAb")).isEqualTo(-1);
        assertThat(index.size()).isEqualTo(4);
    }
}
