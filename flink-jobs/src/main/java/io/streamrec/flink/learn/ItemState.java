package io.streamrec.flink.learn;

/**
 * An item's model state (keyed by item, one RocksDB value). Public fields like a Flink POJO, stored by a
 * serializer of its own ({@link io.streamrec.flink.wire.ItemStateSerializer}), which also reads the values
 * the POJO serializer wrote before it.
 */
@org.apache.flink.api.common.typeinfo.TypeInfo(ItemState.Type.class)
public class ItemState {
    /** Target vector p, width d+1, last slot the item bias. */
    public float[] vec;
    /** AdaGrad accumulator of the vector. */
    public float acc;
    /** Context vector q, width d: the item's pull on the query when it is among a user's latest items. */
    public float[] ctx;
    /** AdaGrad accumulator of the context vector. */
    public float ctxAcc;
    /** Updates applied: the vector's version in Redis. */
    public long version;
    /** Category, when an event named one. */
    public String category;
    /**
     * The item's entry in {@link PendingPublications} (not stored): its {@code live} flag says whether the item waits; null (a state read back or copied) or of
     * an earlier generation (replaced by a restore): look it up.
     */
    transient PendingPublications.Waiting waiting;
    /**
     * The norm of {@link #vec}'s first d factors as the latest target step left it (not stored); NaN until
     * a step or {@link ItemSide#publishDue} sets it: the publication drift compares with it per update.
     */
    transient float norm = Float.NaN;

    public ItemState() {}

    /** The type Flink finds for this class: its own serializer. */
    public static final class Type extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<ItemState> {
        @Override
        public org.apache.flink.api.common.typeinfo.TypeInformation<ItemState> createTypeInfo(
                java.lang.reflect.Type t, java.util.Map<String, org.apache.flink.api.common.typeinfo.TypeInformation<?>> generics) {
            return io.streamrec.flink.wire.ItemStateSerializer.TYPE;
        }
    }
}
