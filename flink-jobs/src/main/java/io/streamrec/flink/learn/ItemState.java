package io.streamrec.flink.learn;

/** An item's model state (keyed by item, one RocksDB value). A Flink POJO. */
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
     * The item's entry in {@link PendingPublications} (not stored: transient fields are not part of the
     * POJO): its {@code live} flag says whether the item waits; null (a state read back or copied) or of
     * an earlier generation (replaced by a restore): look it up.
     */
    transient PendingPublications.Waiting waiting;
    /**
     * The norm of {@link #vec}'s first d factors as the latest target step left it (not stored); NaN until
     * a step or {@link ItemSide#publishDue} sets it: the publication drift compares with it per update.
     */
    transient float norm = Float.NaN;

    public ItemState() {}
}
