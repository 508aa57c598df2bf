package io.streamrec.flink.experiment;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.experiment.Attribution;
import io.streamrec.core.experiment.AttributionState;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user: attributes the user's impressions, clicks, add-to-carts and purchases that carry a
 * {@code context.recId} to the experiment variant that showed the item ({@link Attribution}) and emits
 * what each adds to the counts. A {@code forget_user} tombstone clears the user's state.
 */
public class AttributionFunction extends KeyedProcessFunction<String, Event, CountDelta> {
    private static final long serialVersionUID = 1L;

    private final Attribution attribution;
    private transient ValueState<AttributionState> state;

    public AttributionFunction(Attribution attribution) {
        this.attribution = attribution;
    }

    /** Whether an event concerns this operator (the rest of the stream never reaches it). */
    public static boolean concerns(Event e) {
        return e.type == EventType.FORGET_USER || (e.context != null && e.context.contains("recId"));
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("attribution", AttributionState.class));
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<CountDelta> out) throws Exception {
        if (e.type == EventType.FORGET_USER) {
            state.clear();
            return;
        }
        AttributionState s = state.value();
        if (s == null) {
            s = new AttributionState();
        }
        attribution.apply(s, e, (experiment, variant, metric, amount) ->
                out.collect(new CountDelta(experiment, variant, metric.ordinal(), amount)));
        if (s.impressions.isEmpty() && s.tallies.isEmpty()) {
            state.clear();
        } else {
            state.update(s);
        }
    }
}
