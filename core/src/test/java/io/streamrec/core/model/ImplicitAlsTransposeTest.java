package io.streamrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImplicitAlsTransposeTest {
    @Test
    void theTransposeListsEachColumnsRowsInRowOrder() {
        // rows: 0 -> {1: 2.0, 2: 3.0}, 1 -> {}, 2 -> {0: 4.0, 2: 5.0}
        ImplicitAls.Csr m = new ImplicitAls.Csr(3, new int[] {0, 2, 2, 4}, new int[] {1, 2, 0, 2},
                new float[] {2, 3, 4, 5});
        ImplicitAls.Csr t = m.transpose(4);
        assertThat(t.rows()).isEqualTo(4);
        assertThat(t.ptr()).containsExactly(0, 1, 2, 4, 4);
        assertThat(t.cols()).containsExactly(2, 0, 0, 2);
        assertThat(t.conf()).containsExactly(4, 2, 3, 5);
        ImplicitAls.Csr back = t.transpose(3);
        assertThat(back.ptr()).containsExactly(m.ptr());
        assertThat(back.cols()).containsExactly(m.cols());
        assertThat(back.conf()).containsExactly(m.conf());
    }
}
