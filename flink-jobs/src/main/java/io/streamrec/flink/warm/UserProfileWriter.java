package io.streamrec.flink.warm;

import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserProfile;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * What every savepoint writer of the user learner's state shares (the warm start's, the migration's): the
 * users' values ({@link #profiles}) declared as the job declares them, under its time to live of a user
 * ({@code ttlSeconds}, 0 = none), and the layout's mark ({@link UserLearnerFunction#LAYOUT}) in the
 * operator state, without which the job refuses to restore. A subclass that writes operator state of its
 * own calls the {@code super} methods.
 */
public abstract class UserProfileWriter<IN> extends KeyedStateBootstrapFunction<String, IN> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private final long ttlSeconds;
    /** The users' values: the key's is the one being written. */
    protected transient ValueState<UserProfile> profiles;
    private transient ListState<Integer> layout;

    protected UserProfileWriter(long ttlSeconds) {
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public void open(OpenContext context) {
        profiles = getRuntimeContext().getState(UserLearnerFunction.profileDescriptor(ttlSeconds));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        layout = UserLearnerFunction.layoutState(context.getOperatorStateStore());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        layout.update(List.of(UserLearnerFunction.LAYOUT_VERSION)); // the job restores only this layout
    }
}
