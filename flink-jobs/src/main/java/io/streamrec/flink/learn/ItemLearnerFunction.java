package io.streamrec.flink.learn;

import io.streamrec.flink.state.WriteBehind;
import io.streamrec.flink.state.WriteBehindOperator;
import io.streamrec.flink.state.WriteBehindState;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by item: owns the item vectors (keyed state, RocksDB) and applies the user side's bundled
 * gradient messages with {@link ItemSide}: a new item vector for Redis per item and bundle once the
 * item moved enough since its last publication ({@link LearnerSettings#publishDrift}). Run by a
 * {@link WriteBehindOperator}, the item states sit behind a heap cache of {@code stateCache} items
 * ({@link WriteBehindState}): an item is read from and written to the state backend about once per
 * checkpoint instead of once per message (metric {@code stateAccesses}: backend reads and writes). Category centroids (for the
 * start of new items) are operator state, checkpointed with the job.
 */
public class ItemLearnerFunction extends KeyedProcessFunction<String, BundledGradient, VectorUpdate>
        implements CheckpointedFunction, WriteBehind {
    private static final long serialVersionUID = 1L;

    /** The keyed value state of an item ({@link ItemState}); a savepoint's warm start writes it too. */
    public static final String ITEM_STATE = "item";
    /** The operator list state of the category centroids. */
    public static final String CENTROID_STATE = "category-centroids";

    private final LearnerSettings settings;
    private transient WriteBehindState<ItemState> state;
    private transient ListState<CentroidEntry> centroidState;
    private transient CategoryCentroids centroids;
    private transient ItemSide side;
    private transient Counter updates;
    private transient Counter dropped;
    private transient Counter newItems;
    private transient Counter stateAccesses;
    /** Items whose small moves wait for publication (checkpointed by {@link ItemLearnerOperator}). */
    private transient PendingPublications waiting;

    public ItemLearnerFunction(LearnerSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        centroids = new CategoryCentroids(settings.model().width());
        centroidState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>(CENTROID_STATE, CentroidEntry.class));
        if (context.isRestored()) {
            List<CategoryCentroids.Entry> entries = new ArrayList<>();
            for (CentroidEntry e : centroidState.get()) {
                entries.add(new CategoryCentroids.Entry(e.category, e.sum, e.count));
            }
            centroids.restore(entries);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<CentroidEntry> out = new ArrayList<>();
        for (CategoryCentroids.Entry e : centroids.snapshot()) {
            out.add(new CentroidEntry(e.category(), e.sum(), e.count()));
        }
        centroidState.update(out);
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<ItemState> descriptor = new ValueStateDescriptor<>(ITEM_STATE, ItemState.class);
        ValueState<ItemState> backend = getRuntimeContext().getState(descriptor);
        side = new ItemSide(settings.model(), centroids);
        var g = getRuntimeContext().getMetricGroup();
        updates = g.counter("itemUpdates");
        dropped = g.counter("droppedUpdates");
        newItems = g.counter("newItems");
        stateAccesses = g.counter("stateAccesses");
        state = new WriteBehindState<>(backend, descriptor.getSerializer(), settings.stateCache(), settings.itemStateWaiting(),
                stateAccesses);
        waiting = new PendingPublications(settings.publishDrift());
        g.gauge("stateCacheSize", () -> state.cached());
    }

    @Override
    public io.streamrec.flink.state.WriteBehindState<?> writeBehindState() {
        return state;
    }

    @Override
    public void processElement(BundledGradient grad, Context ctx, Collector<VectorUpdate> out) throws Exception {
        ItemState s = state.value(grad.itemId);
        boolean created = s == null;
        if (created) {
            s = side.create(grad);
            newItems.inc();
        }
        boolean ok = side.apply(s, grad);
        state.update(grad.itemId, s);
        if (!ok) {
            dropped.inc();
            return;
        }
        updates.inc();
        long now = ctx.timerService().currentProcessingTime();
        if (waiting.due(side, grad.itemId, s, created, now)) {
            // no copies: the next operator (the Redis sink) copies what it keeps, with or without object reuse
            out.collect(new VectorUpdate(grad.itemId, s.version, s.vec, s.ctx, grad.ts));
        }
        if (settings.publishDelayMs() > 0) {
            // each item publishDelayMs after its first small move: spread over time, not all at once
            publish(waiting.drainWaitingSince(now - settings.publishDelayMs()), out::collect, now);
        }
    }

    /**
     * Publishes every item whose small moves are still waiting, as they are now: at the end of input
     * ({@link ItemLearnerOperator}), and before every checkpoint barrier when {@code publishDelayMs} is 0
     * (small moves wait for the barrier). Otherwise each waiting item goes out on its own
     * {@code publishDelayMs} after its first small move ({@link #publishDue}), and a checkpoint keeps the
     * items still waiting.
     */
    public void publishWaiting(java.util.function.Consumer<VectorUpdate> out, long now) throws java.io.IOException {
        publish(waiting.drain(), out, now);
    }

    /** Publishes the items whose first small move is {@code publishDelayMs} old at {@code now}: the operator's clock. */
    public void publishDue(java.util.function.Consumer<VectorUpdate> out, long now) throws java.io.IOException {
        if (settings.publishDelayMs() > 0 && !waiting.isEmpty()) {
            publish(waiting.drainWaitingSince(now - settings.publishDelayMs()), out, now);
        }
    }

    /** The items waiting for publication: what {@link ItemLearnerOperator} checkpoints. */
    public PendingPublications waiting() {
        return waiting;
    }

    /** How long a small move waits for publication, ms (0: until the next checkpoint barrier). */
    public long publishDelayMs() {
        return settings.publishDelayMs();
    }

    private void publish(List<String> ids, java.util.function.Consumer<VectorUpdate> out, long now) throws java.io.IOException {
        for (String id : ids) {
            ItemState s = state.valueOf(id); // read only: publishing changes no state
            if (s != null) {
                out.accept(new VectorUpdate(id, s.version, s.vec, s.ctx, now));
            }
        }
    }
}
