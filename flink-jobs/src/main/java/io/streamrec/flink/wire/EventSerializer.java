package io.streamrec.flink.wire;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The parsed events between the job's operators ({@link Event}), field by field: each event crosses
 * three to four edges (to the per-user operators, trending, the blend's feedback, exploration and
 * experiments). The type goes by its position in {@link EventType} (the same jar on both ends of an edge).
 */
public final class EventSerializer extends MessageSerializer<Event> {
    private static final long serialVersionUID = 1L;
    public static final EventSerializer INSTANCE = new EventSerializer();
    /** The edge type of the parsed events. */
    public static final TypeInformation<Event> TYPE = new MessageTypeInfo<>(Event.class, INSTANCE);
    private static final EventType[] TYPES = EventType.values();

    @Override
    public Event createInstance() {
        return new Event();
    }

    @Override
    public Event copy(Event from) {
        return new Event(from.eventId, from.userId, from.itemId, from.type, from.ts, from.value, from.category,
                from.context);
    }

    @Override
    public void serialize(Event e, DataOutputView out) throws IOException {
        Wire.writeString(e.eventId, out);
        Wire.writeString(e.userId, out);
        Wire.writeString(e.itemId, out);
        out.writeByte(e.type == null ? -1 : e.type.ordinal());
        out.writeLong(e.ts);
        out.writeBoolean(e.value != null);
        if (e.value != null) {
            out.writeDouble(e.value);
        }
        Wire.writeString(e.category, out);
        Wire.writeString(e.context, out);
    }

    @Override
    public Event deserialize(DataInputView in) throws IOException {
        Event e = new Event();
        e.eventId = Wire.readString(in);
        e.userId = Wire.readString(in);
        e.itemId = Wire.readString(in);
        byte type = in.readByte();
        e.type = type < 0 ? null : TYPES[type];
        e.ts = in.readLong();
        e.value = in.readBoolean() ? in.readDouble() : null;
        e.category = Wire.readString(in);
        e.context = Wire.readString(in);
        return e;
    }

    @Override
    public TypeSerializerSnapshot<Event> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer (it has no configuration). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Event> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
