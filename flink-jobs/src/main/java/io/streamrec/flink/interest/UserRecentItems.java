package io.streamrec.flink.interest;

/**
 * What the job publishes for a user after each event: the recent items with a positive weight (in the
 * state's slot order, {@link RecentItems#atLandmark}: the sorted set in Redis ranks them), the bought
 * items and the category interests.
 * {@code items == null} is the tombstone: the user was forgotten, delete their keys. A Flink POJO.
 */
public class UserRecentItems {
    public String userId;
    public long version;
    public long refTs;
    public String[] items;
    public double[] scores;
    public String[] bought;
    public long[] boughtTs;
    /** Categories with the user's interest at refTs: short-term and long-term weights. */
    public String[] categories;
    public double[] shortInterest;
    public double[] longInterest;
    /**
     * The user's lists of the version before this one ({@code version - 1}), as the recent-items operator
     * published them: what Redis holds when it is up to date, so the sink can send only the changes since
     * (Redis checks that it holds that version). Transient: not part of the record, lost when a record is
     * copied or shuffled (then the sink writes the user whole or from what it remembers); null when the
     * operator does not know it.
     */
    public transient UserRecentItems previous;

    public UserRecentItems() {}

    public UserRecentItems(String userId, long version, long refTs, String[] items, double[] scores, String[] bought,
                           long[] boughtTs) {
        this.userId = userId;
        this.version = version;
        this.refTs = refTs;
        this.items = items;
        this.scores = scores;
        this.bought = bought;
        this.boughtTs = boughtTs;
    }

    /** Adds the user's category interests at refTs. */
    public UserRecentItems withInterests(String[] categories, double[] shortInterest, double[] longInterest) {
        this.categories = categories;
        this.shortInterest = shortInterest;
        this.longInterest = longInterest;
        return this;
    }

    /** The same lists without {@link #previous}: a base that holds no chain of older versions. */
    public UserRecentItems base() {
        return new UserRecentItems(userId, version, refTs, items, scores, bought, boughtTs)
                .withInterests(categories, shortInterest, longInterest);
    }

    /** The tombstone of a forgotten user. */
    public static UserRecentItems forgotten(String userId) {
        return new UserRecentItems(userId, 0, 0, null, null, null, null);
    }

    public boolean isForgotten() {
        return items == null;
    }
}
