package io.streamrec.flink.warm;

import io.streamrec.flink.interest.RecentItemsState;
import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserProfile;

/**
 * Writes each user's warm state as the user learner's keyed value ({@link UserLearnerFunction}: "profile"),
 * with no recent items and no open basket yet ({@link UserProfileWriter}: the job's descriptor and the
 * layout's mark).
 */
public class UserStateBootstrap extends UserProfileWriter<UserSeed> {
    private static final long serialVersionUID = 1L;

    public UserStateBootstrap(long ttlSeconds) {
        super(ttlSeconds);
    }

    @Override
    public void processElement(UserSeed seed, Context ctx) throws Exception {
        profiles.update(new UserProfile(seed.state, new RecentItemsState(), null));
    }
}
