package io.streamrec.flink.wire;

import io.streamrec.flink.learn.BundledGradient;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The user learner's messages to the item learner ({@link BundledGradient}), field by field. */
public final class BundledGradientSerializer extends MessageSerializer<BundledGradient> {
    private static final long serialVersionUID = 1L;
    /** The edge type of the item gradients. */
    public static final TypeInformation<BundledGradient> TYPE =
            new MessageTypeInfo<>(BundledGradient.class, new BundledGradientSerializer());
    private transient Wire wire;

    private Wire wire() {
        if (wire == null) {
            wire = new Wire();
        }
        return wire;
    }

    /** A new instance: each keeps a scratch buffer, so no two threads may share one. */
    @Override
    public BundledGradientSerializer duplicate() {
        return new BundledGradientSerializer();
    }

    @Override
    public BundledGradient createInstance() {
        return new BundledGradient();
    }

    @Override
    public BundledGradient copy(BundledGradient from) {
        BundledGradient g = new BundledGradient(from.itemId);
        g.category = from.category;
        g.target = Wire.copy(from.target);
        g.targets = from.targets;
        g.context = Wire.copy(from.context);
        g.contexts = from.contexts;
        g.init = Wire.copy(from.init);
        g.ts = from.ts;
        return g;
    }

    @Override
    public void serialize(BundledGradient g, DataOutputView out) throws IOException {
        Wire.writeString(g.itemId, out);
        Wire.writeString(g.category, out);
        Wire w = wire();
        w.writeFloats(g.target, out);
        out.writeInt(g.targets);
        w.writeFloats(g.context, out);
        out.writeInt(g.contexts);
        w.writeFloats(g.init, out);
        out.writeLong(g.ts);
    }

    @Override
    public BundledGradient deserialize(DataInputView in) throws IOException {
        BundledGradient g = new BundledGradient(Wire.readString(in));
        g.category = Wire.readString(in);
        Wire w = wire();
        g.target = w.readFloats(in);
        g.targets = in.readInt();
        g.context = w.readFloats(in);
        g.contexts = in.readInt();
        g.init = w.readFloats(in);
        g.ts = in.readLong();
        return g;
    }

    @Override
    public TypeSerializerSnapshot<BundledGradient> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer (it has no configuration). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BundledGradient> {
        public Snapshot() {
            super(BundledGradientSerializer::new);
        }
    }
}
