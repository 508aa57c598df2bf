package io.streamrec.flink.wire;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** The fields the message serializers write: nullable strings and arrays, lengths first. */
final class Wire {
    private Wire() {}

    static void writeString(String s, DataOutputView out) throws IOException {
        StringValue.writeString(s, out); // null-aware
    }

    static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    static void writeFloats(float[] v, DataOutputView out) throws IOException {
        if (v == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(v.length);
        for (float f : v) {
            out.writeFloat(f);
        }
    }

    static float[] readFloats(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        float[] v = new float[n];
        for (int j = 0; j < n; j++) {
            v[j] = in.readFloat();
        }
        return v;
    }

    static float[] copy(float[] v) {
        return v == null ? null : v.clone();
    }
}
