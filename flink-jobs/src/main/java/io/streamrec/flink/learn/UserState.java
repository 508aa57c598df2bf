package io.streamrec.flink.learn;

/** A user's model state (keyed by user, one RocksDB value). A Flink POJO. */
public class UserState {
    /** Factor vector, width d+1, last slot the constant 1. */
    public float[] vec;
    /** AdaGrad accumulator of the vector. */
    public float acc;
    /** Events applied to the vector: its version in Redis. */
    public long version;
    /** Recently touched items (positives), newest last: fold-in input and the "seen" set of evaluation. */
    public String[] recent = new String[0];
    /** Confidence weights of {@link #recent}. */
    public float[] recentWeights = new float[0];

    public UserState() {}
}
