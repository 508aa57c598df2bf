package io.streamrec.flink.wire;

import io.streamrec.flink.cooc.CooccurrenceUpdate;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Basket-pairs' counts for the co-occurrence operator ({@link CooccurrenceUpdate}), field by field. */
public final class CooccurrenceUpdateSerializer extends MessageSerializer<CooccurrenceUpdate> {
    private static final long serialVersionUID = 1L;
    public static final CooccurrenceUpdateSerializer INSTANCE = new CooccurrenceUpdateSerializer();
    /** The edge type of the co-occurrence counts. */
    public static final TypeInformation<CooccurrenceUpdate> TYPE = new MessageTypeInfo<>(CooccurrenceUpdate.class, INSTANCE);

    @Override
    public CooccurrenceUpdate createInstance() {
        return new CooccurrenceUpdate();
    }

    @Override
    public CooccurrenceUpdate copy(CooccurrenceUpdate from) {
        CooccurrenceUpdate u = new CooccurrenceUpdate();
        u.itemId = from.itemId;
        u.others = from.others == null ? null : from.others.clone();
        u.ts = from.ts == null ? null : from.ts.clone();
        return u;
    }

    @Override
    public void serialize(CooccurrenceUpdate u, DataOutputView out) throws IOException {
        Wire.writeString(u.itemId, out);
        int n = u.others == null ? -1 : u.others.length;
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            Wire.writeString(u.others[i], out); // null: the item's own basket count
            out.writeLong(u.ts[i]);
        }
    }

    @Override
    public CooccurrenceUpdate deserialize(DataInputView in) throws IOException {
        CooccurrenceUpdate u = new CooccurrenceUpdate();
        u.itemId = Wire.readString(in);
        int n = in.readInt();
        if (n >= 0) {
            u.others = new String[n];
            u.ts = new long[n];
            for (int i = 0; i < n; i++) {
                u.others[i] = Wire.readString(in);
                u.ts[i] = in.readLong();
            }
        }
        return u;
    }

    @Override
    public TypeSerializerSnapshot<CooccurrenceUpdate> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer (it has no configuration). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CooccurrenceUpdate> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
