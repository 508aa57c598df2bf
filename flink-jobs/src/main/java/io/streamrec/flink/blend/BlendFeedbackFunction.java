package io.streamrec.flink.blend;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.rank.ServedList;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user: joins the list last served to the user (the API's {@link ServedList}s, from the events
 * topic) with the user's next positive event ({@link ServedList#answeredBy}). When that event names one of
 * the list's ranked items, and comes within the feedback window of the list, it emits the observation the
 * blend learns from ({@link ServedList#feedback}); either way the list is used up. Impressions and other
 * events that are not positive leave it waiting; a newer list replaces it; a {@code forget_user} tombstone
 * clears it. Lists whose user does nothing within the window are cleared by a timer.
 */
public class BlendFeedbackFunction extends KeyedCoProcessFunction<String, Event, ServedListRecord, BlendObservation> {
    private static final long serialVersionUID = 1L;

    private final EventWeights weights;
    private final long windowMillis;
    private transient ValueState<ServedListRecord> last;
    private transient Counter observations;
    private transient Counter missed;

    public BlendFeedbackFunction(EventWeights weights, long windowMillis) {
        this.weights = weights;
        this.windowMillis = windowMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        last = getRuntimeContext().getState(new ValueStateDescriptor<>("served-list", ServedListRecord.class));
        observations = getRuntimeContext().getMetricGroup().counter("blendObservations");
        missed = getRuntimeContext().getMetricGroup().counter("blendListsMissed");
    }

    @Override
    public void processElement1(Event e, Context ctx, Collector<BlendObservation> out) throws Exception {
        if (e.type == EventType.FORGET_USER) {
            last.clear();
            return;
        }
        if (!ServedList.answeredBy(e, weights)) {
            return;
        }
        ServedListRecord served = last.value();
        if (served == null) {
            return;
        }
        last.clear();
        // the event's time (the client's clock) against the list's (the API's): no lower bound, clocks differ
        ServedList.Feedback f = e.ts - served.ts <= windowMillis ? served.toList().feedback(e.itemId) : null;
        if (f == null) {
            missed.inc();
            return;
        }
        observations.inc();
        out.collect(BlendObservation.of(f));
    }

    @Override
    public void processElement2(ServedListRecord list, Context ctx, Collector<BlendObservation> out) throws Exception {
        // a copy: the job reuses objects, and a record received is never kept or changed
        last.update(list.copy(ctx.timerService().currentProcessingTime()));
        ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + windowMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BlendObservation> out) throws Exception {
        ServedListRecord served = last.value();
        // only the timer of the list still held, by the time it was registered: a newer list has its own
        if (served != null && served.arrivedAt + windowMillis <= timestamp) {
            last.clear();
        }
    }
}
