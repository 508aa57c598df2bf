package io.streamrec.flink.interest;

import io.streamrec.core.interest.UserLists;

/**
 * What the job publishes for a user after each event: their recent items, bought items and category
 * interests encoded as one value ({@link UserLists}, written whole to {@code sr:{u:<id>}:lists}).
 * {@code lists == null} is the tombstone: the user was forgotten, delete their keys. A Flink POJO.
 */
public class UserRecentItems {
    public String userId;
    /** Events applied to the user's lists: the version Redis keeps the newest of. */
    public long version;
    /** The encoded lists; null in a tombstone. */
    public byte[] lists;

    public UserRecentItems() {}

    public UserRecentItems(String userId, long version, byte[] lists) {
        this.userId = userId;
        this.version = version;
        this.lists = lists;
    }

    /** The lists of {@code lists.version()}, encoded. */
    public static UserRecentItems of(String userId, UserLists lists) {
        return new UserRecentItems(userId, lists.version(), lists.encode());
    }

    /** The tombstone of a forgotten user. */
    public static UserRecentItems forgotten(String userId) {
        return new UserRecentItems(userId, 0, null);
    }

    public boolean isForgotten() {
        return lists == null;
    }

    /** The lists decoded (tests, diagnostics). */
    public UserLists decoded() {
        return UserLists.decode(lists);
    }
}
