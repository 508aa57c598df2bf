package io.streamrec.flink.warm;

import io.streamrec.flink.learn.ItemState;

/** One item's warm state on its way into the savepoint. A Flink POJO. */
public class ItemSeed {
    public String itemId;
    public ItemState state;

    public ItemSeed() {}

    public ItemSeed(String itemId, ItemState state) {
        this.itemId = itemId;
        this.state = state;
    }
}
