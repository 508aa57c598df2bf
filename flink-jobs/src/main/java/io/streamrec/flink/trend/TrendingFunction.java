package io.streamrec.flink.trend;

import io.streamrec.core.decay.LogDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by item: the item's popularity, every positive event adding its type weight, decayed exactly
 * in event time over a short and a long half-life ({@link LogDecay}: order-independent, only ever
 * growing). Emits the item's new scores for the trending lists in Redis: after every change, or with
 * {@code trending.publish-interval-ms} once per interval for the items that changed ({@link
 * io.streamrec.flink.state.ChangedKeys}, each item on its own clock; the items waiting are checkpointed)
 * and at the end of input.
 */
public class TrendingFunction extends KeyedProcessFunction<String, Event, ItemTrend>
        implements io.streamrec.flink.state.WriteBehind, io.streamrec.flink.state.PublishesChanges<ItemTrend> {
    private static final long serialVersionUID = 1L;

    private final EventWeights weights;
    private final double shortHalfLifeMillis;
    private final double longHalfLifeMillis;
    private transient io.streamrec.flink.state.WriteBehindState<ItemTrend> state;
    private final int stateCache;
    private final int stateCacheWaiting;
    private transient org.apache.flink.metrics.Counter stateAccesses;
    private final long publishIntervalMs;
    private transient io.streamrec.flink.state.ChangedKeys changed;

    public TrendingFunction(EventWeights weights, double shortHalfLifeMillis, double longHalfLifeMillis) {
        this.weights = weights;
        this.shortHalfLifeMillis = shortHalfLifeMillis;
        this.longHalfLifeMillis = longHalfLifeMillis;
        this.stateCache = 0;
        this.stateCacheWaiting = 0;
        this.publishIntervalMs = 0;
    }

    /**
     * With up to {@code stateCache} items' state on the heap when run by a
     * {@link io.streamrec.flink.state.WriteBehindOperator}, at most {@code waiting} of them changed
     * before the checkpoint barrier.
     */
    public TrendingFunction(EventWeights weights, double shortHalfLifeMillis, double longHalfLifeMillis, int stateCache,
                            int waiting) {
        this(weights, shortHalfLifeMillis, longHalfLifeMillis, stateCache, waiting, 0);
    }

    /** ... publishing the items that changed once per {@code publishIntervalMs} of processing time (0: every change). */
    public TrendingFunction(EventWeights weights, double shortHalfLifeMillis, double longHalfLifeMillis, int stateCache,
                            int waiting, long publishIntervalMs) {
        this.weights = weights;
        this.shortHalfLifeMillis = shortHalfLifeMillis;
        this.longHalfLifeMillis = longHalfLifeMillis;
        this.stateCache = stateCache;
        this.stateCacheWaiting = waiting;
        this.publishIntervalMs = publishIntervalMs;
    }

    @Override
    public io.streamrec.flink.state.WriteBehindState<?> writeBehindState() {
        return state;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<ItemTrend> descriptor = new ValueStateDescriptor<>("trend", ItemTrend.class);
        ValueState<ItemTrend> backend = getRuntimeContext().getState(descriptor);
        stateAccesses = getRuntimeContext().getMetricGroup().counter("stateAccesses");
        state = new io.streamrec.flink.state.WriteBehindState<>(backend, descriptor.getSerializer(), stateCache,
                stateCacheWaiting, stateAccesses);
        changed = new io.streamrec.flink.state.ChangedKeys(publishIntervalMs);
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<ItemTrend> out) throws Exception {
        double w = weights.weight(e);
        if (!(w > 0)) {
            return;
        }
        ItemTrend s = state.value(ctx.getCurrentKey());
        if (s == null) {
            s = new ItemTrend(e.itemId, null, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);
        }
        if (e.category != null) {
            s.category = e.category;
        }
        s.logShort = LogDecay.add(s.logShort, w, e.ts, shortHalfLifeMillis);
        s.logLong = LogDecay.add(s.logLong, w, e.ts, longHalfLifeMillis);
        state.update(ctx.getCurrentKey(), s);
        if (changed.immediate()) {
            out.collect(new ItemTrend(s.itemId, s.category, s.logShort, s.logLong));
        } else {
            changed.add(ctx.getCurrentKey(), ctx.timerService(), state);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ItemTrend> out) throws Exception {
        changed.publishDue(state, scoresTo(out::collect), ctx.timerService());
    }

    @Override
    public io.streamrec.flink.state.ChangedKeys changedKeys() {
        return changed;
    }

    @Override
    public void publishChanged(java.util.function.Consumer<ItemTrend> out) throws java.io.IOException {
        changed.publish(state, scoresTo(out));
    }

    /** An item's scores as published: a copy of its state (the state stays on the heap and keeps changing). */
    private static java.util.function.BiConsumer<String, ItemTrend> scoresTo(java.util.function.Consumer<ItemTrend> out) {
        return (id, s) -> out.accept(new ItemTrend(s.itemId, s.category, s.logShort, s.logLong));
    }
}
