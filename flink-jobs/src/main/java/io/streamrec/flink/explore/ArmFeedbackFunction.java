package io.streamrec.flink.explore;

import io.streamrec.core.event.Event;
import io.streamrec.core.interest.ArmFeedback;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by category: counts impressions and clicks (decayed, {@link ArmFeedback}) and emits the
 * category's feedback for Redis, where the API's Thompson sampling reads it to choose what to explore.
 * Run by a {@link io.streamrec.flink.state.WriteBehindOperator} in the job: categories are few, so
 * their state stays on the heap between checkpoints.
 */
public class ArmFeedbackFunction extends KeyedProcessFunction<String, Event, ArmUpdate>
        implements io.streamrec.flink.state.WriteBehind {
    private static final long serialVersionUID = 1L;

    private final ArmFeedback feedback;
    private final int stateCache;
    private final int stateCacheWaiting;
    private transient io.streamrec.flink.state.WriteBehindState<ArmFeedback.State> state;

    public ArmFeedbackFunction(ArmFeedback feedback) {
        this(feedback, 0, 0);
    }

    /** With up to {@code stateCache} categories' state on the heap, at most {@code waiting} changed before the barrier. */
    public ArmFeedbackFunction(ArmFeedback feedback, int stateCache, int waiting) {
        this.feedback = feedback;
        this.stateCache = stateCache;
        this.stateCacheWaiting = waiting;
    }

    @Override
    public io.streamrec.flink.state.WriteBehindState<?> writeBehindState() {
        return state;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<ArmFeedback.State> descriptor = new ValueStateDescriptor<>("arm-feedback",
                ArmFeedback.State.class);
        ValueState<ArmFeedback.State> backend = getRuntimeContext().getState(descriptor);
        state = new io.streamrec.flink.state.WriteBehindState<>(backend, descriptor.getSerializer(), stateCache,
                stateCacheWaiting, getRuntimeContext().getMetricGroup().counter("stateAccesses"));
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<ArmUpdate> out) throws Exception {
        ArmFeedback.State s = state.value(ctx.getCurrentKey());
        if (s == null) {
            s = new ArmFeedback.State();
        }
        feedback.apply(s, e);
        state.update(ctx.getCurrentKey(), s);
        double[] v = feedback.at(s, s.refTs);
        out.collect(new ArmUpdate(ctx.getCurrentKey(), v[0], v[1], s.refTs));
    }
}
