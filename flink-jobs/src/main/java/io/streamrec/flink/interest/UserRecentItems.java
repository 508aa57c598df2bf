package io.streamrec.flink.interest;

/** What the job publishes for a user after each event: the ranked recent items. A Flink POJO. */
public class UserRecentItems {
    public String userId;
    public long version;
    public long refTs;
    public String[] items;
    public double[] scores;

    public UserRecentItems() {}

    public UserRecentItems(String userId, long version, long refTs, String[] items, double[] scores) {
        this.userId = userId;
        this.version = version;
        this.refTs = refTs;
        this.items = items;
        this.scores = scores;
    }
}
