package io.streamrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoOccurrenceCodecTest {
    @Test
    void aListComesBackInOrderAndAnythingElseIsNoList() {
        List<CoOccurrence.Neighbour> list = List.of(new CoOccurrence.Neighbour("jam", 0.75),
                new CoOccurrence.Neighbour("brötchen", 0.25));
        byte[] stored = CoOccurrenceCodec.encode(7, list);
        assertThat(CoOccurrenceCodec.decode(stored)).isEqualTo(list);
        assertThat(CoOccurrenceCodec.decode(CoOccurrenceCodec.encode(1, List.of()))).isEmpty();
        assertThat(CoOccurrenceCodec.decode(null)).isNull();
        assertThat(CoOccurrenceCodec.decode("garbage that is long".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(CoOccurrenceCodec.decode(Arrays.copyOf(stored, stored.length - 1))).isNull(); // cut short
    }

    @Test
    void theQueryIsTheStrongestRecentItems() {
        String[] items = new String[CoOccurrence.QUERY_ITEMS + 2];
        double[] weights = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            items[i] = "i" + i;
            weights[i] = i; // i0 has weight 0: never in the query
        }
        var q = CoOccurrence.query(items, weights);
        assertThat(q).hasSize(CoOccurrence.QUERY_ITEMS).doesNotContainKeys("i0", "i1")
                .containsKey("i" + (items.length - 1));
    }
}
