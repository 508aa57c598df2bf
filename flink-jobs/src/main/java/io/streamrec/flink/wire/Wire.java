package io.streamrec.flink.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The fields the message and state serializers write: nullable strings, and arrays of floats, doubles,
 * longs and ints copied whole through a scratch buffer (one copy each way instead of a call per
 * element; a null array as length -1), and unsigned variable-length ints. One instance per serializer
 * instance, which Flink never shares between threads ({@code duplicate()}).
 */
final class Wire {
    private byte[] scratch = new byte[1024];
    private ByteBuffer view = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);

    static void writeString(String s, DataOutputView out) throws IOException {
        StringValue.writeString(s, out); // null-aware
    }

    static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    private ByteBuffer scratch(int bytes) {
        if (bytes > scratch.length) {
            scratch = new byte[Math.max(bytes, 2 * scratch.length)];
            view = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);
        }
        return view;
    }

    void writeFloats(float[] v, DataOutputView out) throws IOException {
        if (v == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(v.length);
        ByteBuffer b = scratch(4 * v.length);
        b.asFloatBuffer().put(v);
        out.write(scratch, 0, 4 * v.length);
    }

    float[] readFloats(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        float[] v = new float[n];
        ByteBuffer b = scratch(4 * n);
        in.readFully(scratch, 0, 4 * n);
        b.asFloatBuffer().get(v);
        return v;
    }

    static float[] copy(float[] v) {
        return v == null ? null : v.clone();
    }

    void writeDoubles(double[] v, DataOutputView out) throws IOException {
        if (v == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(v.length);
        ByteBuffer b = scratch(8 * v.length);
        b.asDoubleBuffer().put(v);
        out.write(scratch, 0, 8 * v.length);
    }

    double[] readDoubles(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] v = new double[n];
        ByteBuffer b = scratch(8 * n);
        in.readFully(scratch, 0, 8 * n);
        b.asDoubleBuffer().get(v);
        return v;
    }

    void writeLongs(long[] v, DataOutputView out) throws IOException {
        if (v == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(v.length);
        ByteBuffer b = scratch(8 * v.length);
        b.asLongBuffer().put(v);
        out.write(scratch, 0, 8 * v.length);
    }

    long[] readLongs(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        long[] v = new long[n];
        ByteBuffer b = scratch(8 * n);
        in.readFully(scratch, 0, 8 * n);
        b.asLongBuffer().get(v);
        return v;
    }

    void writeInts(int[] v, DataOutputView out) throws IOException {
        if (v == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(v.length);
        ByteBuffer b = scratch(4 * v.length);
        b.asIntBuffer().put(v);
        out.write(scratch, 0, 4 * v.length);
    }

    int[] readInts(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        int[] v = new int[n];
        ByteBuffer b = scratch(4 * n);
        in.readFully(scratch, 0, 4 * n);
        b.asIntBuffer().get(v);
        return v;
    }

    /** A non-negative int in 1–5 bytes, 7 bits each, the lowest first. */
    static void writeVarInt(int v, DataOutputView out) throws IOException {
        if (v < 0) {
            throw new IllegalArgumentException("negative: " + v);
        }
        while (v >= 0x80) {
            out.writeByte(v & 0x7F | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    static int readVarInt(DataInputView in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if (b < 0x80) {
                return v;
            }
        }
        throw new IOException("malformed variable-length int");
    }

    static double[] copy(double[] v) {
        return v == null ? null : v.clone();
    }

    static long[] copy(long[] v) {
        return v == null ? null : v.clone();
    }

    static int[] copy(int[] v) {
        return v == null ? null : v.clone();
    }

    static String[] copy(String[] v) {
        return v == null ? null : v.clone();
    }
}
