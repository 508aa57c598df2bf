package io.streamrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatBlendTest {
    @Test
    void repeatsTakeTheirShareFirstAndRankedItemsFillTheRestOnce() {
        List<String> repeats = List.of("r1", "r2", "r3");
        List<String> ranked = List.of("a", "r1", "b", "c");
        assertThat(RepeatBlend.merge(repeats, ranked, 4, 0.5)).containsExactly("r1", "r2", "a", "b");
        assertThat(RepeatBlend.merge(repeats, ranked, 3, 0.5)).containsExactly("r1", "r2", "a"); // 1.5 rounds up
        assertThat(RepeatBlend.merge(repeats, ranked, 4, 0)).containsExactly("a", "r1", "b", "c");
        assertThat(RepeatBlend.merge(repeats, ranked, 4, 1)).containsExactly("r1", "r2", "r3", "a");
        assertThat(RepeatBlend.merge(List.of(), ranked, 2, 0.5)).containsExactly("a", "r1");
        assertThat(RepeatBlend.merge(repeats, List.of(), 5, 0.5)).containsExactly("r1", "r2", "r3");
        assertThat(RepeatBlend.slots(10, 0.25)).isEqualTo(3);
    }
}
