package io.streamrec.flink.trend;

/** An item's decayed popularity in log form, in the short and the long window. A Flink POJO. */
public class ItemTrend {
    public String itemId;
    public String category;
    public double logShort;
    public double logLong;

    public ItemTrend() {}

    public ItemTrend(String itemId, String category, double logShort, double logLong) {
        this.itemId = itemId;
        this.category = category;
        this.logShort = logShort;
        this.logLong = logLong;
    }
}
