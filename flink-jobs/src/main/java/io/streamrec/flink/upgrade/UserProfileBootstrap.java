package io.streamrec.flink.upgrade;

import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Writes the new user learner's state: each user's parts joined into one value ({@link UserProfile}, under
 * the job's time to live), the basket timers registered again, and the old user learner's operator state
 * (the negative sampler, the open gradient bundle: packed byte arrays, {@code PackedListState}) written back
 * under the same names by the first instance, with the layout's mark.
 */
public class UserProfileBootstrap extends KeyedStateBootstrapFunction<String, UserPart> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private final long ttlSeconds;
    /** The old operator state by name: its arrays. */
    private final LinkedHashMap<String, ArrayList<byte[]>> operatorState;
    private transient ValueState<UserProfile> state;
    private transient Map<String, ListState<byte[]>> lists;
    private transient ListState<Integer> layout;

    public UserProfileBootstrap(long ttlSeconds, LinkedHashMap<String, ArrayList<byte[]>> operatorState) {
        this.ttlSeconds = ttlSeconds;
        this.operatorState = operatorState;
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(UserLearnerFunction.profileDescriptor(ttlSeconds));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        lists = new LinkedHashMap<>();
        for (String name : operatorState.keySet()) {
            lists.put(name, context.getOperatorStateStore().getListState(
                    new ListStateDescriptor<>(name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)));
        }
        layout = UserLearnerFunction.layoutState(context.getOperatorStateStore());
    }

    @Override
    public void processElement(UserPart part, Context ctx) throws Exception {
        UserProfile p = state.value();
        if (p == null) {
            p = new UserProfile();
        }
        if (part.learner != null) {
            p.learner = part.learner;
        }
        if (part.recent != null) {
            p.recent = part.recent;
        }
        if (part.basket != null) {
            p.basket = part.basket;
        }
        for (long t : part.timers) {
            ctx.timerService().registerEventTimeTimer(t);
        }
        state.update(p);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        boolean first = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        for (Map.Entry<String, ListState<byte[]>> e : lists.entrySet()) {
            e.getValue().update(first ? operatorState.get(e.getKey()) : List.of());
        }
        layout.update(List.of(UserLearnerFunction.LAYOUT_VERSION));
    }
}
