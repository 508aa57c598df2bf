package io.streamrec.flink.warm;

import io.streamrec.flink.interest.RecentItemsState;
import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserProfile;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Writes each user's warm state as the user learner's keyed value ({@link UserLearnerFunction}: "profile"),
 * with no recent items and no open basket yet, under the job's time to live of a user ({@code ttlSeconds},
 * 0 = none): the state's serializer is the job's.
 */
public class UserStateBootstrap extends KeyedStateBootstrapFunction<String, UserSeed> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private final long ttlSeconds;
    private transient ValueState<UserProfile> state;
    private transient ListState<Integer> layout;

    public UserStateBootstrap(long ttlSeconds) {
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(UserLearnerFunction.profileDescriptor(ttlSeconds));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        layout = UserLearnerFunction.layoutState(context.getOperatorStateStore());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        layout.update(java.util.List.of(UserLearnerFunction.LAYOUT_VERSION)); // the job restores only this layout
    }

    @Override
    public void processElement(UserSeed seed, Context ctx) throws Exception {
        state.update(new UserProfile(seed.state, new RecentItemsState(), null));
    }
}
