package io.streamrec.flink.learn;

/** An item's model state (keyed by item, one RocksDB value). A Flink POJO. */
public class ItemState {
    /** Factor vector, width d+1, last slot the item bias. */
    public float[] vec;
    /** AdaGrad accumulator of the vector. */
    public float acc;
    /** Updates applied: the vector's version in Redis. */
    public long version;
    /** Category, when an event named one. */
    public String category;

    public ItemState() {}
}
