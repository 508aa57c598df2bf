package io.streamrec.flink.cooc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PairBundleTest {
    @Test
    void countsAreGroupedByItemInTheOrderTheyWereMade() {
        PairBundle b = new PairBundle();
        b.add("a", null, 1);
        b.add("b", "a", 2);
        b.add("a", "b", 2);
        b.eventAdded();
        for (int i = 0; i < 5; i++) { // past the first arrays' size
            b.add("a", "c" + i, 10 + i);
        }
        b.eventAdded();
        assertThat(b.events()).isEqualTo(2);
        assertThat(b.counts()).isEqualTo(8);
        assertThat(b.drain()).extracting(Object::toString).containsExactly(
                "a@1, a~b@2, a~c0@10, a~c1@11, a~c2@12, a~c3@13, a~c4@14", "b~a@2");
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.events()).isZero();
        assertThat(b.counts()).isZero();
        b.eventAdded(); // an event without counts
        assertThat(b.drain()).isEmpty();
        assertThat(b.events()).isZero();
    }

    @Test
    void aMessageNeedsOneEventTimePerCount() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new CooccurrenceUpdate("a", new String[] {null, "b"}, new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
