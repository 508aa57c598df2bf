package io.streamrec.core.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of an item's neighbour list in Redis ({@code sr:{items}:cooc}): a format byte (1),
 * the update count (long, the version), the number of neighbours (int), then per neighbour its share
 * (float) and its item id (unsigned short length, UTF-8 bytes); big-endian.
 */
public final class CoOccurrenceCodec {
    static final byte FORMAT = 1;

    private CoOccurrenceCodec() {}

    public static byte[] encode(long version, List<CoOccurrence.Neighbour> neighbours) {
        List<byte[]> ids = new ArrayList<>(neighbours.size());
        int size = 1 + 8 + 4;
        for (CoOccurrence.Neighbour n : neighbours) {
            byte[] id = n.itemId().getBytes(StandardCharsets.UTF_8);
            if (id.length > 0xFFFF) {
                throw new IllegalArgumentException("item id longer than 65535 bytes");
            }
            ids.add(id);
            size += 4 + 2 + id.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).put(FORMAT).putLong(version).putInt(neighbours.size());
        for (int i = 0; i < ids.size(); i++) {
            b.putFloat((float) neighbours.get(i).share()).putShort((short) ids.get(i).length).put(ids.get(i));
        }
        return b.array();
    }

    /** The neighbours, in their stored order; null when {@code stored} is null or not a list this codec wrote. */
    public static List<CoOccurrence.Neighbour> decode(byte[] stored) {
        if (stored == null || stored.length < 13 || stored[0] != FORMAT) {
            return null;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(stored);
            b.get();
            b.getLong();
            int n = b.getInt();
            if (n < 0 || n > stored.length) {
                return null;
            }
            List<CoOccurrence.Neighbour> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float share = b.getFloat();
                byte[] id = new byte[Short.toUnsignedInt(b.getShort())];
                b.get(id);
                out.add(new CoOccurrence.Neighbour(new String(id, StandardCharsets.UTF_8), share));
            }
            return b.hasRemaining() ? null : out;
        } catch (java.nio.BufferUnderflowException e) {
            return null;
        }
    }
}
