package io.streamrec.flink.wire;

import io.streamrec.flink.learn.ItemState;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * An item's keyed value in the item learner ({@link ItemState}): its two vectors copied whole, their
 * accumulators, its version and category. The stored fields are those the POJO serializer wrote before.
 */
public final class ItemStateSerializer extends StateSerializer<ItemState> {
    private static final long serialVersionUID = 1L;
    /** The type of the items' state (the class's {@code @TypeInfo}). */
    public static final TypeInformation<ItemState> TYPE = new MessageTypeInfo<>(ItemState.class, new ItemStateSerializer());

    @Override
    public ItemStateSerializer duplicate() {
        return new ItemStateSerializer();
    }

    @Override
    public ItemState createInstance() {
        return new ItemState();
    }

    @Override
    public ItemState copy(ItemState from) {
        ItemState s = new ItemState();
        s.vec = Wire.copy(from.vec);
        s.acc = from.acc;
        s.ctx = Wire.copy(from.ctx);
        s.ctxAcc = from.ctxAcc;
        s.version = from.version;
        s.category = from.category;
        return s;
    }

    @Override
    void write(ItemState s, DataOutputView out) throws IOException {
        Wire w = wire();
        w.writeFloats(s.vec, out);
        out.writeFloat(s.acc);
        w.writeFloats(s.ctx, out);
        out.writeFloat(s.ctxAcc);
        out.writeLong(s.version);
        Wire.writeString(s.category, out);
    }

    @Override
    ItemState read(DataInputView in) throws IOException {
        Wire w = wire();
        ItemState s = new ItemState();
        s.vec = w.readFloats(in);
        s.acc = in.readFloat();
        s.ctx = w.readFloats(in);
        s.ctxAcc = in.readFloat();
        s.version = in.readLong();
        s.category = Wire.readString(in);
        return s;
    }

    @Override
    public TypeSerializerSnapshot<ItemState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer; migrates the items' values of the POJO serializer. */
    public static final class Snapshot extends StateSerializer.Snapshot<ItemState> {
        public Snapshot() {
            super(ItemStateSerializer::new);
        }
    }
}
