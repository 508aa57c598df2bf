package io.streamrec.flink.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.flink.cooc.CooccurrenceUpdate;
import io.streamrec.flink.learn.BundledGradient;
import io.streamrec.flink.learn.UserLearnerFunction;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class MessageSerializersTest {
    /** Floats equal bit for bit: NaN is NaN, -0 is not 0. */
    static boolean sameBits(Float a, Float b) {
        return Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b);
    }

    static <T> T roundTrip(TypeSerializer<T> s, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(value, out);
        s.serialize(value, out); // two records back to back: each reads exactly its own bytes
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T first = s.deserialize(in);
        T second = s.deserialize(in);
        assertThat(second).usingRecursiveComparison().withEqualsForType(MessageSerializersTest::sameBits, Float.class).isEqualTo(first);
        assertThat(in.available()).isZero();
        // copying the serialized form gives the same bytes
        DataOutputSerializer copied = new DataOutputSerializer(64);
        s.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        DataOutputSerializer once = new DataOutputSerializer(64);
        s.serialize(value, once);
        assertThat(java.util.Arrays.copyOf(out.getCopyOfBuffer(), once.length())).isEqualTo(once.getCopyOfBuffer());
        return first;
    }

    @Test
    void bundledGradientsKeepEveryFieldNullsIncluded() throws IOException {
        BundledGradient full = new BundledGradient("itém-1");
        full.category = "garden";
        full.target = new float[300]; // longer than the scratch buffer at first
        full.target[0] = 1.5f;
        full.target[1] = -0f;
        full.target[2] = Float.MIN_VALUE;
        full.target[299] = Float.NaN;
        full.targets = 7;
        full.context = new float[] {0.25f};
        full.contexts = 2;
        full.init = new float[0];
        full.ts = 1_700_000_000_123L;
        BundledGradientSerializer s = new BundledGradientSerializer();
        assertThat(roundTrip(s, full)).usingRecursiveComparison().withEqualsForType(MessageSerializersTest::sameBits, Float.class).isEqualTo(full);
        BundledGradient sparse = new BundledGradient("i2");
        sparse.context = new float[] {1, 2};
        sparse.contexts = 1;
        assertThat(roundTrip(s, sparse)).usingRecursiveComparison().withEqualsForType(MessageSerializersTest::sameBits, Float.class).isEqualTo(sparse);
        BundledGradient copy = s.copy(full);
        assertThat(copy).usingRecursiveComparison().withEqualsForType(MessageSerializersTest::sameBits, Float.class).isEqualTo(full);
        copy.target[0] = 99;
        assertThat(full.target[0]).as("a copy shares no array").isEqualTo(1.5f);
    }

    @Test
    void cooccurrenceCountsKeepTheirOrderAndTheBasketCounts() throws IOException {
        CooccurrenceUpdate u = new CooccurrenceUpdate("a", new String[] {null, "b", "c"}, new long[] {1, 2, 3});
        CooccurrenceUpdateSerializer s = CooccurrenceUpdateSerializer.INSTANCE;
        CooccurrenceUpdate back = roundTrip(s, u);
        assertThat(back.toString()).isEqualTo(u.toString()).isEqualTo("a@1, a~b@2, a~c@3");
        CooccurrenceUpdate copy = s.copy(u);
        copy.others[1] = "z";
        assertThat(u.others[1]).isEqualTo("b");
        assertThat(roundTrip(s, new CooccurrenceUpdate())).usingRecursiveComparison().withEqualsForType(MessageSerializersTest::sameBits, Float.class).isEqualTo(new CooccurrenceUpdate());
    }

    @Test
    void eventsKeepEveryFieldAndTheirType() throws IOException {
        for (io.streamrec.core.event.EventType t : io.streamrec.core.event.EventType.values()) {
            io.streamrec.core.event.Event e = new io.streamrec.core.event.Event("e-1", "ü", "i", t, -5L, 4.5, "toys",
                    "{\"page\":\"home\"}");
            assertThat(roundTrip(EventSerializer.INSTANCE, e)).isEqualTo(e);
        }
        io.streamrec.core.event.Event bare = new io.streamrec.core.event.Event();
        assertThat(roundTrip(EventSerializer.INSTANCE, bare)).isEqualTo(bare);
        assertThat(EventSerializer.INSTANCE.copy(bare)).isEqualTo(bare).isNotSameAs(bare);
    }

    @Test
    void theEdgesUseThemAndTheirSnapshotsRestoreThem() throws IOException {
        assertThat(UserLearnerFunction.ITEM_GRADIENTS.getTypeInfo().createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(BundledGradientSerializer.class);
        for (TypeSerializer<?> s : java.util.List.of(new BundledGradientSerializer(), CooccurrenceUpdateSerializer.INSTANCE, EventSerializer.INSTANCE)) {
            snapshotRestores(s);
        }
    }

    static <T> void snapshotRestores(TypeSerializer<T> s) throws IOException {
        TypeSerializerSnapshot<T> snapshot = s.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<T> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), MessageSerializersTest.class.getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(s);
        TypeSerializerSchemaCompatibility<T> c = s.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(c.isCompatibleAsIs()).isTrue();
    }
}
