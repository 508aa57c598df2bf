package io.streamrec.core.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VectorCodecTest {
    @Test
    void roundTripsLittleEndianFloat32WithHeader() {
        float[] v = {1.5f, -2.25f, 0f, Float.MIN_VALUE};
        byte[] b = VectorCodec.encode(v, 42, 1_700_000_000_000L);
        assertThat(b).hasSize(16 + 16);
        // 1.5f = 0x3FC00000, little-endian after the 16-byte header
        assertThat(new byte[] {b[16], b[17], b[18], b[19]}).containsExactly(0, 0, (byte) 0xC0, 0x3F);
        assertThat(VectorCodec.decode(b)).containsExactly(v);
        assertThat(VectorCodec.version(b)).isEqualTo(42);
        assertThat(VectorCodec.updatedAt(b)).isEqualTo(1_700_000_000_000L);
        float[] dst = new float[10];
        assertThat(VectorCodec.decodeInto(b, dst, 3)).isEqualTo(4);
        assertThat(dst[4]).isEqualTo(-2.25f);
    }

    @Test
    void rejectsTruncatedInput() {
        assertThatThrownBy(() -> VectorCodec.decode(new byte[17])).isInstanceOf(IllegalArgumentException.class);
    }
}
