package io.streamrec.flink.interest;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user: keeps the user's {@link RecentItemsState} in keyed state (RocksDB in production),
 * applies each event with {@link RecentItems} and emits the user's new ranked list for Redis. A
 * {@code forget_user} tombstone clears the state and emits the deletion of the user's keys.
 */
public class RecentItemsFunction extends KeyedProcessFunction<String, Event, UserRecentItems> {
    private static final long serialVersionUID = 1L;

    private final RecentItems model;
    private transient ValueState<RecentItemsState> state;
    private transient Counter applied;

    public RecentItemsFunction(RecentItems model) {
        this.model = model;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("recent-items", RecentItemsState.class));
        applied = getRuntimeContext().getMetricGroup().counter("eventsApplied");
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<UserRecentItems> out) throws Exception {
        if (e.type == EventType.FORGET_USER) {
            state.clear();
            out.collect(UserRecentItems.forgotten(ctx.getCurrentKey()));
            return;
        }
        RecentItemsState s = state.value();
        if (s == null) {
            s = new RecentItemsState();
        }
        model.apply(s, e);
        state.update(s);
        applied.inc();
        RecentItems.Ranked r = model.ranked(s);
        io.streamrec.core.interest.CategoryInterests.Snapshot interests = model.interestsAt(s);
        out.collect(new UserRecentItems(ctx.getCurrentKey(), s.version, s.refTs, r.items(), r.scores(), s.bought.clone(),
                s.boughtTs.clone()).withInterests(interests.categories(), interests.shortWeights(), interests.longWeights()));
    }
}
