package io.streamrec.flink.explore;

/** A category's exploration feedback at {@code refTs}, on its way to Redis. A Flink POJO. */
public class ArmUpdate {
    public String category;
    public double impressions;
    public double clicks;
    public long refTs;

    public ArmUpdate() {}

    public ArmUpdate(String category, double impressions, double clicks, long refTs) {
        this.category = category;
        this.impressions = impressions;
        this.clicks = clicks;
        this.refTs = refTs;
    }
}
