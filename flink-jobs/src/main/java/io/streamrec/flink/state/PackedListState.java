package io.streamrec.flink.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * An operator list state that holds a whole list as one element: the list serialised into one byte
 * array per instance. Flink writes every element of an operator list state at its own offset: it
 * flushes its output stream (a {@code write} system call) before each element and keeps each element's
 * offset in the checkpoint's metadata, which the JobManager writes one number at a time. For lists of
 * tens of thousands of entries (the negative sampler's buffer, the keys waiting for publication) that
 * was a large part of a checkpoint's cost; as one element it is one write and one offset.
 *
 * <p>Split ({@link #split}): after a rescale each instance gets some of the instances' arrays, so every
 * entry still lands on exactly one instance; such state is for entries any instance may take.
 * Union ({@link #union}): every instance gets every instance's array and keeps what it needs (by key
 * group). Checkpoints taken before the lists were packed are read too: the entries of the
 * former element-per-entry state named {@code legacyName} (same entry type) are returned with the
 * packed ones, once, and that state is emptied.
 */
public final class PackedListState<T> {
    private final ListState<byte[]> state;
    private final TypeSerializer<T> serializer;
    private final ListState<T> legacy;

    private PackedListState(ListState<byte[]> state, TypeSerializer<T> serializer, ListState<T> legacy) {
        this.state = state;
        this.serializer = serializer;
        this.legacy = legacy;
    }

    /** Redistributed by array on rescale ({@link OperatorStateStore#getListState}). */
    public static <T> PackedListState<T> split(OperatorStateStore store, String name, TypeInformation<T> type,
                                               String legacyName, boolean restored) throws Exception {
        TypeSerializer<T> serializer = type.createSerializer(new SerializerConfigImpl());
        return new PackedListState<>(store.getListState(descriptor(name)), serializer,
                restored && legacyName != null ? store.getListState(new ListStateDescriptor<>(legacyName, serializer)) : null);
    }

    /** Every instance's array to every instance on restore ({@link OperatorStateStore#getUnionListState}). */
    public static <T> PackedListState<T> union(OperatorStateStore store, String name, TypeInformation<T> type,
                                               String legacyName, boolean restored) throws Exception {
        TypeSerializer<T> serializer = type.createSerializer(new SerializerConfigImpl());
        return new PackedListState<>(store.getUnionListState(descriptor(name)), serializer,
                restored && legacyName != null ? store.getUnionListState(new ListStateDescriptor<>(legacyName, serializer)) : null);
    }

    private static ListStateDescriptor<byte[]> descriptor(String name) {
        return new ListStateDescriptor<>(name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** Replaces this instance's list (at a snapshot). */
    public void update(List<T> values) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(4096 + 32 * values.size());
        out.writeInt(values.size());
        for (T v : values) {
            serializer.serialize(v, out);
        }
        state.update(List.of(out.getCopyOfBuffer()));
    }

    /** The entries restored to this instance (all instances' for union state), the legacy state's after its own. */
    public List<T> get() throws Exception {
        List<T> all = new ArrayList<>();
        for (byte[] packed : state.get()) {
            DataInputDeserializer in = new DataInputDeserializer(packed);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                all.add(serializer.deserialize(in));
            }
        }
        if (legacy != null) {
            for (T v : legacy.get()) {
                all.add(v);
            }
            legacy.clear();
        }
        return all;
    }
}
