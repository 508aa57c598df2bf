package io.streamrec.flink.warm;

import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserState;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;

/** Writes each user's warm state as the user learner's keyed value state ({@link UserLearnerFunction}: "user"). */
public class UserStateBootstrap extends KeyedStateBootstrapFunction<String, UserSeed> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<UserState> state;

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>(UserLearnerFunction.USER_STATE, UserState.class));
    }

    @Override
    public void processElement(UserSeed seed, Context ctx) throws Exception {
        state.update(seed.state);
    }
}
