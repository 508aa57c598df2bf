package io.streamrec.flink.wire;

import java.io.IOException;
import java.util.HashMap;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The strings of one value, each written once: a user's item ids recur in the learner's recent items,
 * the recent and bought items, the re-purchase cycles and the open basket. A string is written as a
 * variable-length code: 0 null, 1 a new string (its characters follow), {@code k} ≥ 2 the
 * {@code (k-2)}-th new string of the value. The strings read back share one object per distinct id.
 * Reused value after value by one serializer instance (one thread).
 */
final class StringTable {
    private final HashMap<String, Integer> written = new HashMap<>();
    private String[] read = new String[64];
    private int readCount;

    /** Starts a value to write. */
    void startWrite() {
        written.clear();
    }

    /** Starts a value to read. */
    void startRead() {
        readCount = 0;
    }

    void write(String s, DataOutputView out) throws IOException {
        if (s == null) {
            Wire.writeVarInt(0, out);
            return;
        }
        Integer k = written.putIfAbsent(s, written.size());
        if (k != null) {
            Wire.writeVarInt(k + 2, out);
        } else {
            Wire.writeVarInt(1, out);
            StringValue.writeString(s, out);
        }
    }

    String read(DataInputView in) throws IOException {
        int code = Wire.readVarInt(in);
        if (code == 0) {
            return null;
        }
        if (code == 1) {
            String s = StringValue.readString(in);
            if (readCount == read.length) {
                read = java.util.Arrays.copyOf(read, 2 * read.length);
            }
            read[readCount++] = s;
            return s;
        }
        if (code - 2 >= readCount) {
            throw new IOException("string " + (code - 2) + " referred to before it was read");
        }
        return read[code - 2];
    }

    /** An array of strings: its length + 1 (0 for null), then each string. */
    void writeArray(String[] a, DataOutputView out) throws IOException {
        if (a == null) {
            Wire.writeVarInt(0, out);
            return;
        }
        Wire.writeVarInt(a.length + 1, out);
        for (String s : a) {
            write(s, out);
        }
    }

    String[] readArray(DataInputView in) throws IOException {
        int n = Wire.readVarInt(in) - 1;
        if (n < 0) {
            return null;
        }
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = read(in);
        }
        return a;
    }
}
