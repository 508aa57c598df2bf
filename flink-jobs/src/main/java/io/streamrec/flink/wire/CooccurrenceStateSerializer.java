package io.streamrec.flink.wire;

import io.streamrec.core.model.CoOccurrence;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * An item's co-occurrence counts ({@link CoOccurrence.State}): its landmark and basket count, its
 * neighbours' ids and counts, its latest event time and version. The stored fields are those the POJO
 * serializer wrote before; the neighbours' hash codes stay out (rebuilt when read).
 */
public final class CooccurrenceStateSerializer extends StateSerializer<CoOccurrence.State> {
    private static final long serialVersionUID = 1L;
    /** The type of the co-occurrence state (set by its descriptor: the class lives in core, without Flink). */
    public static final TypeInformation<CoOccurrence.State> TYPE =
            new MessageTypeInfo<>(CoOccurrence.State.class, new CooccurrenceStateSerializer());

    @Override
    public CooccurrenceStateSerializer duplicate() {
        return new CooccurrenceStateSerializer();
    }

    @Override
    public CoOccurrence.State createInstance() {
        return new CoOccurrence.State();
    }

    @Override
    public CoOccurrence.State copy(CoOccurrence.State from) {
        CoOccurrence.State s = new CoOccurrence.State();
        s.landmark = from.landmark;
        s.count = from.count;
        s.ids = Wire.copy(from.ids);
        s.counts = Wire.copy(from.counts);
        s.lastTs = from.lastTs;
        s.version = from.version;
        return s;
    }

    @Override
    void write(CoOccurrence.State s, DataOutputView out) throws IOException {
        Wire w = wire();
        out.writeLong(s.landmark);
        out.writeDouble(s.count);
        if (s.ids == null) {
            Wire.writeVarInt(0, out);
        } else {
            Wire.writeVarInt(s.ids.length + 1, out);
            for (String id : s.ids) {
                Wire.writeString(id, out);
            }
        }
        w.writeDoubles(s.counts, out);
        out.writeLong(s.lastTs);
        out.writeLong(s.version);
    }

    @Override
    CoOccurrence.State read(DataInputView in) throws IOException {
        Wire w = wire();
        CoOccurrence.State s = new CoOccurrence.State();
        s.landmark = in.readLong();
        s.count = in.readDouble();
        int n = Wire.readVarInt(in) - 1;
        if (n < 0) {
            s.ids = null;
        } else {
            s.ids = new String[n];
            for (int i = 0; i < n; i++) {
                s.ids[i] = Wire.readString(in);
            }
        }
        s.counts = w.readDoubles(in);
        s.lastTs = in.readLong();
        s.version = in.readLong();
        return s;
    }

    @Override
    public TypeSerializerSnapshot<CoOccurrence.State> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer; migrates the co-occurrence values of the POJO serializer. */
    public static final class Snapshot extends StateSerializer.Snapshot<CoOccurrence.State> {
        public Snapshot() {
            super(CooccurrenceStateSerializer::new);
        }
    }
}
