package io.streamrec.flink.wire;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of a record whose serializer is written by hand: the messages between the job's operators
 * with the most records per event ({@link BundledGradientSerializer}, {@link CooccurrenceUpdateSerializer},
 * {@link EventSerializer}), where Flink's reflective POJO serializer (a field lookup, a null flag and a
 * virtual call per field, and a reflective constructor per record) was a measurable share of the job's
 * CPU (docs/benchmarks.md, the learn section), and the largest keyed state values ({@link StateSerializer}),
 * written back about once per checkpoint interval and the bulk of every heap snapshot.
 */
public final class MessageTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> type;
    private final TypeSerializer<T> serializer;

    public MessageTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
        this.type = type;
        this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer.duplicate();
    }

    @Override
    public String toString() {
        return "Message<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageTypeInfo<?> m && m.canEqual(this) && m.type == type
                && m.serializer.equals(serializer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, serializer);
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof MessageTypeInfo;
    }
}
