package io.streamrec.flink.upgrade;

import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserProfile;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;

/** The users that have a value ({@link UserProfile}) in the user learner's state. */
public class ProfileKeys extends KeyedStateReaderFunction<String, String> {
    private static final long serialVersionUID = 1L;
    private final long ttlSeconds;
    private transient ValueState<UserProfile> state;

    public ProfileKeys(long ttlSeconds) {
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(UserLearnerFunction.profileDescriptor(ttlSeconds));
    }

    @Override
    public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
        if (state.value() != null) {
            out.collect(key);
        }
    }
}
