package io.streamrec.core.vector;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Binary layout of a factor vector in Redis: a 16-byte header (version: int64, updatedAt epoch ms:
 * int64) followed by {@code d} little-endian float32 values. Never text.
 */
public final class VectorCodec {
    public static final int HEADER_BYTES = 16;

    private VectorCodec() {}

    public static byte[] encode(float[] v, long version, long updatedAt) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(version).putLong(updatedAt);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    public static float[] decode(byte[] bytes) {
        check(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(HEADER_BYTES);
        float[] v = new float[(bytes.length - HEADER_BYTES) / 4];
        b.asFloatBuffer().get(v);
        return v;
    }

    /** Decodes into {@code dst} at {@code offset} (for contiguous item matrices); returns the dimension. */
    public static int decodeInto(byte[] bytes, float[] dst, int offset) {
        check(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(HEADER_BYTES);
        int d = (bytes.length - HEADER_BYTES) / 4;
        b.asFloatBuffer().get(dst, offset, d);
        return d;
    }

    public static long version(byte[] bytes) {
        check(bytes);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    public static long updatedAt(byte[] bytes) {
        check(bytes);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
    }

    private static void check(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES || (bytes.length - HEADER_BYTES) % 4 != 0) {
            throw new IllegalArgumentException("not an encoded vector: "
                    + (bytes == null ? "null" : bytes.length + " bytes"));
        }
    }
}
