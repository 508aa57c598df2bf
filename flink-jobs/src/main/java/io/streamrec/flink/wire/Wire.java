package io.streamrec.flink.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The fields the message serializers write: nullable strings, and float arrays copied whole through a
 * scratch buffer (one copy each way instead of a call per element). One instance per serializer
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
}
