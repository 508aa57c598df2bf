package io.streamrec.flink.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.model.CoOccurrence;
import io.streamrec.flink.interest.RecentItemsState;
import io.streamrec.flink.learn.ItemLearnerFunction;
import io.streamrec.flink.learn.ItemState;
import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserProfile;
import io.streamrec.flink.learn.UserState;
import io.streamrec.flink.cooc.CooccurrenceFunction;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateSerializersTest {
    private static final String[] IDS = {"i1", "i2", "itém-3", "a-longer-item-id-0004", "", "i6"};

    @Test
    void flinkFindsTheSerializersOfTheStateValues() {
        assertThat(TypeInformation.of(UserProfile.class).createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()))
                .isInstanceOf(UserProfileSerializer.class);
        assertThat(TypeInformation.of(ItemState.class).createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()))
                .isInstanceOf(ItemStateSerializer.class);
        assertThat(new UserProfileSerializer().duplicate()).isNotSameAs(UserProfileSerializer.TYPE);
    }

    /**
     * Every stored field of every class in a value, filled at random (nulls included, parts missing
     * included): what a value reads back is what was written, and a copy is equal and shares no array.
     * A field added to one of the classes and left out of its serializer fails here.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void everyStoredFieldReadsBackAsWrittenAndCopiesAreDeep(int seed) throws Exception {
        Random r = new Random(seed);
        check(new UserProfileSerializer(), fill(new UserProfile(), r));
        check(new ItemStateSerializer(), fill(new ItemState(), r));
        check(new CooccurrenceStateSerializer(), fill(new CoOccurrence.State(), r));
    }

    private static <T> void check(TypeSerializer<T> s, T value) throws Exception {
        assertThat(MessageSerializersTest.roundTrip(s, value)).usingRecursiveComparison()
                .withEqualsForType(MessageSerializersTest::sameBits, Float.class).isEqualTo(value);
        T copy = s.copy(value);
        assertThat(copy).usingRecursiveComparison().withEqualsForType(MessageSerializersTest::sameBits, Float.class)
                .isEqualTo(value);
        assertNoSharedArrays(value, copy);
    }

    @Test
    void aUsersItemIdsAreWrittenOnceAndReadBackAsOneObject() throws IOException {
        UserProfile p = new UserProfile();
        p.learner = new UserState();
        p.learner.vec = new float[65];
        p.learner.recent = new String[] {"item-000123", "item-000456"};
        p.learner.recentWeights = new float[] {1, 1};
        p.recent = new RecentItemsState();
        p.recent.items = new String[] {"item-000456", new String("item-000123")};
        p.recent.weights = new double[] {1, 2};
        p.recent.bought = new String[] {"item-000123"};
        p.recent.boughtTs = new long[] {5};
        UserProfileSerializer s = new UserProfileSerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(p, out);
        String text = new String(out.getCopyOfBuffer(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text.split("item-000123", -1)).hasSize(2); // written once
        UserProfile back = s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.recent.items[1]).isSameAs(back.learner.recent[0]).isSameAs(back.recent.bought[0]);
        // smaller than the POJO serializer's form of the same value
        DataOutputSerializer pojo = new DataOutputSerializer(64);
        pojoProfile().createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()).serialize(p, pojo);
        assertThat(out.length()).isLessThan(pojo.length());
    }

    /**
     * State written by the POJO serializer (checkpoints and savepoints of the versions before) restores
     * under the new serializers, on RocksDB (which migrates the values) and on the heap backend, the
     * users' values with their time to live.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void stateThePojoSerializerWroteRestoresUnderTheNewOnes(boolean rocksdb) throws Exception {
        Random r = new Random(7);
        Map<String, UserProfile> users = new LinkedHashMap<>();
        Map<String, ItemState> items = new LinkedHashMap<>();
        Map<String, CoOccurrence.State> cooc = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            users.put("k" + i, fill(new UserProfile(), r));
            items.put("k" + i, fill(new ItemState(), r));
            cooc.put("k" + i, fill(new CoOccurrence.State(), r));
        }
        ValueStateDescriptor<UserProfile> oldUsers = new ValueStateDescriptor<>(UserLearnerFunction.PROFILE_STATE, pojoProfile());
        oldUsers.enableTimeToLive(UserLearnerFunction.ttl(3600).build());
        var oldItems = new ValueStateDescriptor<>(ItemLearnerFunction.ITEM_STATE, pojoItem());
        var oldCooc = new ValueStateDescriptor<>(CooccurrenceFunction.STATE, TypeInformation.of(CoOccurrence.State.class));
        assertThat(oldCooc.getType()).isNotNull();

        OperatorSubtaskState snapshot;
        try (var h = harness(rocksdb)) {
            h.open();
            write(h, oldUsers, users);
            write(h, oldItems, items);
            write(h, oldCooc, cooc);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(rocksdb)) {
            h.initializeState(snapshot);
            h.open();
            assertThat(read(h, UserLearnerFunction.profileDescriptor(3600), users.keySet())).usingRecursiveComparison()
                    .withEqualsForType(MessageSerializersTest::sameBits, Float.class).isEqualTo(users);
            assertThat(read(h, new ValueStateDescriptor<>(ItemLearnerFunction.ITEM_STATE, ItemState.class), items.keySet()))
                    .usingRecursiveComparison().withEqualsForType(MessageSerializersTest::sameBits, Float.class).isEqualTo(items);
            assertThat(read(h, new ValueStateDescriptor<>(CooccurrenceFunction.STATE, CooccurrenceStateSerializer.TYPE),
                    cooc.keySet())).usingRecursiveComparison().isEqualTo(cooc);
            // and what the new serializers write restores again
            snapshot = h.snapshot(2, 2);
        }
        try (var h = harness(rocksdb)) {
            h.initializeState(snapshot);
            h.open();
            assertThat(read(h, UserLearnerFunction.profileDescriptor(3600), users.keySet())).usingRecursiveComparison()
                    .withEqualsForType(MessageSerializersTest::sameBits, Float.class).isEqualTo(users);
        }
    }

    // --- the POJO types the versions before stored, as Flink derived them ---

    static TypeInformation<UserProfile> pojoProfile() {
        try {
            return new PojoTypeInfo<>(UserProfile.class, List.of(
                    new PojoField(UserProfile.class.getField("learner"), TypeInformation.of(UserState.class)),
                    new PojoField(UserProfile.class.getField("recent"), TypeInformation.of(RecentItemsState.class)),
                    new PojoField(UserProfile.class.getField("basket"), TypeInformation.of(CoOccurrence.Basket.class))));
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    static TypeInformation<ItemState> pojoItem() {
        try {
            return new PojoTypeInfo<>(ItemState.class, List.of(
                    new PojoField(ItemState.class.getField("vec"), TypeInformation.of(float[].class)),
                    new PojoField(ItemState.class.getField("acc"), Types.FLOAT),
                    new PojoField(ItemState.class.getField("ctx"), TypeInformation.of(float[].class)),
                    new PojoField(ItemState.class.getField("ctxAcc"), Types.FLOAT),
                    new PojoField(ItemState.class.getField("version"), Types.LONG),
                    new PojoField(ItemState.class.getField("category"), Types.STRING)));
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theHandWrittenPojoTypesAreTheOnesFlinkDerivesFromTheFields() {
        // the two types above stand for what Flink derived before the classes had serializers of their own
        assertThat(storedFields(UserProfile.class)).containsExactlyInAnyOrder("learner", "recent", "basket");
        assertThat(storedFields(ItemState.class)).containsExactlyInAnyOrder("vec", "acc", "ctx", "ctxAcc", "version", "category");
    }

    private static List<String> storedFields(Class<?> c) {
        List<String> names = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                names.add(f.getName());
            }
        }
        return names;
    }

    // --- harness ---

    private static final class NoOp extends KeyedProcessFunction<String, String, String> {
        @Override
        public void processElement(String value, Context ctx, Collector<String> out) {}
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(boolean rocksdb) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new NoOp()), v -> v, Types.STRING);
        if (rocksdb) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        return h;
    }

    @SuppressWarnings("unchecked")
    private static KeyedStateBackend<String> backend(KeyedOneInputStreamOperatorTestHarness<String, String, String> h) {
        return (KeyedStateBackend<String>) (KeyedStateBackend<?>) ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
    }

    private static <T> void write(KeyedOneInputStreamOperatorTestHarness<String, String, String> h,
                                  ValueStateDescriptor<T> d, Map<String, T> values) throws Exception {
        KeyedStateBackend<String> b = backend(h);
        ValueState<T> state = b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
        for (Map.Entry<String, T> e : values.entrySet()) {
            b.setCurrentKey(e.getKey());
            state.update(e.getValue());
        }
    }

    private static <T> Map<String, T> read(KeyedOneInputStreamOperatorTestHarness<String, String, String> h,
                                           ValueStateDescriptor<T> d, Iterable<String> keys) throws Exception {
        KeyedStateBackend<String> b = backend(h);
        ValueState<T> state = b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
        Map<String, T> out = new LinkedHashMap<>();
        for (String k : keys) {
            b.setCurrentKey(k);
            out.put(k, state.value());
        }
        return out;
    }

    // --- random values of every stored field ---

    /** Fills every stored field of {@code o} (and of the objects it holds) at random; a part may stay null. */
    static <T> T fill(T o, Random r) {
        try {
            for (Field f : o.getClass().getFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                    continue;
                }
                f.set(o, value(f.getType(), r));
            }
            return o;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object value(Class<?> t, Random r) throws ReflectiveOperationException {
        int n = r.nextInt(6);
        boolean absent = r.nextInt(8) == 0;
        if (t == float.class) {
            return r.nextFloat() - 0.5f;
        } else if (t == double.class) {
            return r.nextGaussian();
        } else if (t == long.class) {
            return r.nextLong();
        } else if (t == int.class) {
            return r.nextInt();
        } else if (t == String.class) {
            return absent ? null : IDS[r.nextInt(IDS.length)];
        } else if (absent) {
            return null;
        } else if (t == float[].class) {
            float[] a = new float[n == 5 ? 300 : n];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextFloat();
            }
            return a;
        } else if (t == double[].class) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextGaussian();
            }
            return a;
        } else if (t == long[].class) {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextLong();
            }
            return a;
        } else if (t == int[].class) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextInt();
            }
            return a;
        } else if (t == String[].class) {
            String[] a = new String[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextInt(10) == 0 ? null : new String(IDS[r.nextInt(IDS.length)]);
            }
            return a;
        } else if (t.getPackageName().startsWith("io.streamrec")) {
            return fill(t.getConstructor().newInstance(), r);
        }
        throw new AssertionError("no random value for a field of type " + t);
    }

    /** No array of {@code a} (or of the objects it holds) is also one of {@code b}'s. */
    private static void assertNoSharedArrays(Object a, Object b) throws IllegalAccessException {
        if (a == null || b == null) {
            return;
        }
        for (Field f : a.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                continue;
            }
            Object x = f.get(a);
            Object y = f.get(b);
            if (x != null && x.getClass().isArray()) {
                assertThat(y).as(f.getName()).isNotSameAs(x);
            } else if (x != null && x.getClass().getPackageName().startsWith("io.streamrec")) {
                assertThat(y).as(f.getName()).isNotSameAs(x);
                assertNoSharedArrays(x, y);
            }
        }
    }
}
