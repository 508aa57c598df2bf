package io.streamrec.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessSharedTest {
    @Test
    void oneValuePerKeyUntilTheLastUserGivesItBack() {
        List<String> made = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        ProcessShared<String, StringBuilder> shared = new ProcessShared<>(k -> {
            made.add(k);
            return new StringBuilder(k);
        }, v -> closed.add(v.toString()));
        StringBuilder one = shared.acquire("a");
        StringBuilder two = shared.acquire("a");
        StringBuilder other = shared.acquire("b");
        assertThat(two).isSameAs(one);
        assertThat(other).isNotSameAs(one);
        assertThat(made).containsExactly("a", "b");
        shared.release("a");
        assertThat(closed).isEmpty();
        shared.release("a");
        assertThat(closed).containsExactly("a");
        shared.release("a"); // one release too many: nothing left to close
        assertThat(closed).containsExactly("a");
        assertThat(shared.acquire("a")).isNotSameAs(one); // made again after the last release
        assertThat(made).containsExactly("a", "b", "a");
    }

    @Test
    void aValueThatFailsToBeMadeIsNotKept() {
        int[] attempts = {0};
        ProcessShared<String, Object> shared = new ProcessShared<>(k -> {
            if (attempts[0]++ == 0) {
                throw new IllegalStateException("unreachable");
            }
            return new Object();
        }, v -> {});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> shared.acquire("a")).isInstanceOf(IllegalStateException.class);
        assertThat(shared.acquire("a")).isNotNull();
    }
}
