package io.streamrec.flink.interest;

/**
 * A user's decayed interaction weights per item, in forward-decay form (see
 * {@link io.streamrec.core.decay.ForwardDecay}): {@code weights[i]} is item {@code items[i]}'s
 * stored weight relative to {@code landmark}. Arrays of Strings and doubles keep this a Flink POJO
 * (no Kryo) and one RocksDB value per user.
 */
public class RecentItemsState {
    public String[] items = new String[0];
    public double[] weights = new double[0];
    /** Landmark time of the stored weights, epoch ms. */
    public long landmark;
    /** Latest event time applied, epoch ms. */
    public long refTs;
    /** Number of events applied; the version written to Redis. */
    public long version;
    /**
     * The lists last published for this state, encoded, while the state is in the operator's cache: the
     * next event's lists are a patched copy when only values changed ({@link RecentItems#encoded}).
     * Transient: not checkpointed.
     */
    public transient io.streamrec.core.interest.UserLists.Encoded encoded;
    /** Items the user bought, most recent purchase last, at most as many as items are tracked. */
    public String[] bought = new String[0];
    /** Event time of the latest purchase of {@code bought[i]}. */
    public long[] boughtTs = new long[0];
    /** Interest per category on the short and the long time scale. */
    public io.streamrec.core.interest.CategoryInterests.State interest = new io.streamrec.core.interest.CategoryInterests.State();
    /** The user's re-purchase cycles (buy again); null until the first purchase, and in state from before them. */
    public io.streamrec.core.model.RepurchaseState rebuy;

    public RecentItemsState() {}
}
