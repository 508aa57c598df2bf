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
 */
public class ArmFeedbackFunction extends KeyedProcessFunction<String, Event, ArmUpdate> {
    private static final long serialVersionUID = 1L;

    private final ArmFeedback feedback;
    private transient ValueState<ArmFeedback.State> state;
    private transient org.apache.flink.metrics.Counter stateAccesses;

    public ArmFeedbackFunction(ArmFeedback feedback) {
        this.feedback = feedback;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("arm-feedback", ArmFeedback.State.class));
        stateAccesses = getRuntimeContext().getMetricGroup().counter("stateAccesses");
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<ArmUpdate> out) throws Exception {
        ArmFeedback.State s = state.value();
        if (s == null) {
            s = new ArmFeedback.State();
        }
        feedback.apply(s, e);
        state.update(s);
        stateAccesses.inc(2);
        double[] v = feedback.at(s, s.refTs);
        out.collect(new ArmUpdate(ctx.getCurrentKey(), v[0], v[1], s.refTs));
    }
}
