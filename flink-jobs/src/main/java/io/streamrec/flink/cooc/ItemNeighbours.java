package io.streamrec.flink.cooc;

/**
 * An item's neighbour list as published ({@code sr:{items}:cooc}): parallel arrays, the largest share
 * first, and the number of updates behind it. A Flink POJO.
 */
public class ItemNeighbours {
    public String itemId;
    public long version;
    public String[] ids;
    public double[] shares;

    public ItemNeighbours() {}

    public ItemNeighbours(String itemId, long version, String[] ids, double[] shares) {
        this.itemId = itemId;
        this.version = version;
        this.ids = ids;
        this.shares = shares;
    }
}
