package io.streamrec.core.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Binary layout of a user's {@link RepurchaseState} in Redis ({@code sr:{u:<id>}:rebuy}), little-endian:
 * a header (version int64, updatedAt epoch ms int64, item count int32), then per item its id (length
 * uint16, UTF-8 bytes), decayed count (float64), typical interval ms (float64), gaps averaged (int32)
 * and latest purchase epoch ms (int64). Doubles are kept whole so the API scores exactly what the job
 * learned.
 */
public final class RepurchaseCodec {
    public static final int HEADER_BYTES = 20;
    static final int ITEM_FIXED_BYTES = 2 + 8 + 8 + 4 + 8;

    private RepurchaseCodec() {}

    public static byte[] encode(RepurchaseState s, long updatedAt) {
        byte[][] ids = new byte[s.items.length][];
        int size = HEADER_BYTES;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = s.items[i].getBytes(StandardCharsets.UTF_8);
            if (ids[i].length > 0xFFFF) {
                throw new IllegalArgumentException("item id longer than 65535 bytes");
            }
            size += ITEM_FIXED_BYTES + ids[i].length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(s.version).putLong(updatedAt).putInt(ids.length);
        for (int i = 0; i < ids.length; i++) {
            b.putShort((short) ids[i].length).put(ids[i]);
            b.putDouble(s.counts[i]).putDouble(s.intervals[i]).putInt(s.gaps[i]).putLong(s.lastTs[i]);
        }
        return b.array();
    }

    /** The state in {@code bytes}; IllegalArgumentException when they are not an encoded state. */
    public static RepurchaseState decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException("not an encoded re-purchase state: "
                    + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        RepurchaseState s = new RepurchaseState();
        s.version = b.getLong();
        b.getLong(); // updatedAt
        int n = b.getInt();
        if (n < 0 || (long) n * ITEM_FIXED_BYTES > bytes.length - HEADER_BYTES) {
            throw new IllegalArgumentException("not an encoded re-purchase state: " + n + " items in " + bytes.length + " bytes");
        }
        s.items = new String[n];
        s.counts = new double[n];
        s.intervals = new double[n];
        s.gaps = new int[n];
        s.lastTs = new long[n];
        try {
            for (int i = 0; i < n; i++) {
                byte[] id = new byte[Short.toUnsignedInt(b.getShort())];
                b.get(id);
                s.items[i] = new String(id, StandardCharsets.UTF_8);
                s.counts[i] = b.getDouble();
                s.intervals[i] = b.getDouble();
                s.gaps[i] = b.getInt();
                s.lastTs[i] = b.getLong();
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("not an encoded re-purchase state: truncated");
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("not an encoded re-purchase state: trailing bytes");
        }
        return s;
    }

    public static long version(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }
}
