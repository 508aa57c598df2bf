package io.streamrec.flink.warm;

import io.streamrec.flink.learn.UserState;

/** One user's warm state on its way into the savepoint. A Flink POJO. */
public class UserSeed {
    public String userId;
    public UserState state;

    public UserSeed() {}

    public UserSeed(String userId, UserState state) {
        this.userId = userId;
        this.state = state;
    }
}
