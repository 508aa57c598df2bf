package io.streamrec.flink.cooc;

import io.streamrec.core.model.CoOccurrence;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by item: applies the basket counts of {@link io.streamrec.flink.learn.UserLearnerFunction} (a message carries an item's
 * counts of a bundle of events, in order) to the item's decayed
 * co-occurrence state ({@link CoOccurrence}: its basket count and at most {@code model.cooc.max-neighbours}
 * neighbours) and emits the neighbour lists of the items that changed, for Redis: after every change, or
 * with {@code model.cooc.publish-interval-ms} once per interval (a processing-time timer per item; the
 * items waiting are checkpointed by its {@link io.streamrec.flink.state.WriteBehindOperator}) and at the end
 * of input, so a
 * hot item's list is built and written once per interval instead of once per pair. The items' state sits on
 * the heap in the job (the same operator).
 */
public class CooccurrenceFunction extends KeyedProcessFunction<String, CooccurrenceUpdate, ItemNeighbours>
        implements io.streamrec.flink.state.WriteBehind, io.streamrec.flink.state.PublishesChanges<ItemNeighbours> {
    private static final long serialVersionUID = 1L;

    /** The keyed value state of an item's counts ({@link io.streamrec.flink.wire.CooccurrenceStateSerializer}). */
    public static final String STATE = "cooccurrence";

    private final CoOccurrence model;
    private final int stateCache;
    private final int stateCacheWaiting;
    private transient io.streamrec.flink.state.WriteBehindState<CoOccurrence.State> state;
    /** Items changed since their list was last published. */
    private transient io.streamrec.flink.state.ChangedKeys changed;

    public CooccurrenceFunction(CoOccurrence model) {
        this(model, 0, 0);
    }

    /**
     * With up to {@code stateCache} items' state on the heap when run by a
     * {@link io.streamrec.flink.state.WriteBehindOperator}, at most {@code waiting} of them changed before the
     * checkpoint barrier: an item in many baskets is read from the state backend once, not per pair.
     */
    public CooccurrenceFunction(CoOccurrence model, int stateCache, int waiting) {
        this.model = model;
        this.stateCache = stateCache;
        this.stateCacheWaiting = waiting;
    }

    @Override
    public io.streamrec.flink.state.WriteBehindState<?> writeBehindState() {
        return state;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<CoOccurrence.State> descriptor = new ValueStateDescriptor<>(STATE,
                io.streamrec.flink.wire.CooccurrenceStateSerializer.TYPE);
        ValueState<CoOccurrence.State> backend = getRuntimeContext().getState(descriptor);
        state = new io.streamrec.flink.state.WriteBehindState<>(backend, descriptor.getSerializer(), stateCache,
                stateCacheWaiting, getRuntimeContext().getMetricGroup().counter("stateAccesses"));
        changed = new io.streamrec.flink.state.ChangedKeys(model.settings().publishIntervalMillis());
    }

    @Override
    public void processElement(CooccurrenceUpdate u, Context ctx, Collector<ItemNeighbours> out) throws Exception {
        CoOccurrence.State s = state.value(ctx.getCurrentKey());
        if (s == null) {
            s = new CoOccurrence.State();
        }
        u.applyTo(model, s);
        state.update(ctx.getCurrentKey(), s);
        if (s.ids.length == 0) {
            return; // nothing to publish yet: the item was in baskets of its own only
        }
        if (changed.immediate()) {
            out.collect(listOf(ctx.getCurrentKey(), s));
        } else {
            changed.add(ctx.getCurrentKey(), ctx.timerService(), state);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ItemNeighbours> out) throws Exception {
        changed.publishDue(state, listsTo(out::collect), ctx.timerService());
    }

    @Override
    public io.streamrec.flink.state.ChangedKeys changedKeys() {
        return changed;
    }

    @Override
    public void publishChanged(java.util.function.Consumer<ItemNeighbours> out) throws java.io.IOException {
        changed.publish(state, listsTo(out));
    }

    /** An item's neighbour list as published; nothing for an item that has no neighbours yet. */
    private java.util.function.BiConsumer<String, CoOccurrence.State> listsTo(java.util.function.Consumer<ItemNeighbours> out) {
        return (id, s) -> {
            if (s.ids.length > 0) {
                out.accept(listOf(id, s));
            }
        };
    }

    private ItemNeighbours listOf(String itemId, CoOccurrence.State s) {
        List<CoOccurrence.Neighbour> list = model.neighbours(s);
        String[] ids = new String[list.size()];
        double[] shares = new double[list.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = list.get(i).itemId();
            shares[i] = list.get(i).share();
        }
        return new ItemNeighbours(itemId, s.version, ids, shares);
    }
}
