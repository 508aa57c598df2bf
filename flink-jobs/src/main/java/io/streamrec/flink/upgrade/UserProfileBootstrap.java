package io.streamrec.flink.upgrade;

import io.streamrec.flink.learn.UserProfile;
import io.streamrec.flink.warm.UserProfileWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;

/**
 * Writes the new user learner's state: each user's parts joined into one value ({@link UserProfile}, under
 * the job's time to live), the basket timers registered again, and the old user learner's operator state
 * (the negative sampler, the open gradient bundle: packed byte arrays, {@code PackedListState}) written back
 * under the same names by the first instance; the layout's mark as every {@link UserProfileWriter}.
 */
public class UserProfileBootstrap extends UserProfileWriter<UserPart> {
    private static final long serialVersionUID = 1L;
    /** The old operator state by name: its arrays. */
    private final LinkedHashMap<String, ArrayList<byte[]>> operatorState;
    private transient Map<String, ListState<byte[]>> lists;

    public UserProfileBootstrap(long ttlSeconds, LinkedHashMap<String, ArrayList<byte[]>> operatorState) {
        super(ttlSeconds);
        this.operatorState = operatorState;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        super.initializeState(context);
        lists = new LinkedHashMap<>();
        for (String name : operatorState.keySet()) {
            lists.put(name, context.getOperatorStateStore().getListState(
                    new ListStateDescriptor<>(name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)));
        }
    }

    @Override
    public void processElement(UserPart part, Context ctx) throws Exception {
        UserProfile p = profiles.value();
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
        profiles.update(p);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        super.snapshotState(context);
        boolean first = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        for (Map.Entry<String, ListState<byte[]>> e : lists.entrySet()) {
            e.getValue().update(first ? operatorState.get(e.getKey()) : List.of());
        }
    }
}
