package io.streamrec.flink.wire;

import java.io.IOException;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the serializers of the job's largest keyed state values share ({@link UserProfileSerializer},
 * {@link ItemStateSerializer}, {@link CooccurrenceStateSerializer}): written by hand like the messages',
 * the arrays copied whole, each a RocksDB value written back about once per checkpoint interval and a
 * heap snapshot's bulk. A value is written into a buffer of the serializer's first and then in one
 * piece, its length ahead (a heap snapshot's output stream takes each small write as a call of its own);
 * RocksDB's values are read in place. Each instance keeps these buffers: {@link #duplicate} makes a new one.
 *
 * <p>Their {@link Snapshot} reads state that Flink's POJO serializer wrote (checkpoints and savepoints of
 * the versions that kept these values as POJOs) by migrating it: on restore the backend reads each value
 * with the POJO serializer the snapshot describes and writes it with this one (RocksDB rewrites the
 * values, the heap backend reads them into objects anyway).
 */
abstract class StateSerializer<T> extends MessageSerializer<T> {
    private static final long serialVersionUID = 1L;
    private transient Wire wire;
    private transient StringTable strings;
    private transient DataOutputSerializer written;
    private transient DataInputDeserializer reading;
    private transient byte[] read;

    /** Writes the value's fields. */
    abstract void write(T value, DataOutputView out) throws IOException;

    /** Reads the value's fields, exactly the bytes {@link #write} wrote. */
    abstract T read(DataInputView in) throws IOException;

    @Override
    public final void serialize(T value, DataOutputView out) throws IOException {
        if (written == null) {
            written = new DataOutputSerializer(1024);
        }
        written.clear();
        write(value, written);
        Wire.writeVarInt(written.length(), out);
        out.write(written.getSharedBuffer(), 0, written.length());
    }

    @Override
    public final T deserialize(DataInputView in) throws IOException {
        int n = Wire.readVarInt(in);
        if (in instanceof DataInputDeserializer inPlace) {
            return read(inPlace);
        }
        if (read == null || read.length < n) {
            read = new byte[Math.max(n, 1024)];
            reading = new DataInputDeserializer();
        }
        in.readFully(read, 0, n);
        reading.setBuffer(read, 0, n);
        return read(reading);
    }

    /** Copies the value's bytes as they are. */
    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        int n = Wire.readVarInt(in);
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        Wire.writeVarInt(n, out);
        out.write(bytes);
    }

    final Wire wire() {
        if (wire == null) {
            wire = new Wire();
        }
        return wire;
    }

    final StringTable strings() {
        if (strings == null) {
            strings = new StringTable();
        }
        return strings;
    }

    @Override
    public abstract TypeSerializer<T> duplicate();

    /**
     * The serializer's snapshot: no configuration, version 1 of the format. Compatible as is with its own
     * kind, after migration with the POJO serializer of the same class, incompatible with anything else.
     */
    public abstract static class Snapshot<T> implements TypeSerializerSnapshot<T> {
        private static final int VERSION = 1;
        private final Supplier<TypeSerializer<T>> serializer;

        protected Snapshot(Supplier<TypeSerializer<T>> serializer) {
            this.serializer = serializer;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {
            // no configuration
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != VERSION) {
                throw new IOException(getClass().getName() + ": unknown format version " + readVersion);
            }
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return serializer.get();
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            if (old.getClass() == getClass()) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            if (old instanceof PojoSerializerSnapshot<T> pojo && sameClass(pojo.restoreSerializer())) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }

        private boolean sameClass(TypeSerializer<T> pojo) {
            return pojo.createInstance().getClass() == serializer.get().createInstance().getClass();
        }
    }
}
