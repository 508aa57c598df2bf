package io.streamrec.flink.upgrade;

import io.streamrec.core.model.CoOccurrence;
import io.streamrec.flink.interest.RecentItemsState;
import io.streamrec.flink.learn.UserState;

/** What one of the three former per-user operators kept of a user, on its way into the user's one value. A Flink POJO. */
public class UserPart {
    public String userId;
    /** {@code user-learner}'s value, or null. */
    public UserState learner;
    /** {@code recent-items}' value, or null. */
    public RecentItemsState recent;
    /** {@code basket-pairs}' open basket, or null. */
    public CoOccurrence.Basket basket;
    /** {@code basket-pairs}' event-time timers of the user (a basket's end). */
    public long[] timers = new long[0];

    public UserPart() {}
}
