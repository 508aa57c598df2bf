package io.streamrec.flink.learn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * gradient messages with {@link ItemSide}: one new item vector for Redis per item and bundle.
 *
 * <p>Run by {@link ItemLearnerOperator}, it keeps up to {@code itemStateCache} item states on the heap
 * (least recently used out first) and writes the changed ones back to keyed state before every
 * checkpoint barrier and on eviction, so an item is read from and written to the state backend about
 * once per checkpoint instead of once per message; the checkpoint holds every applied message, as
 * before. Without that operator (or with a cache of 0) every message reads and writes the state.
 * Metric {@code stateAccesses}: keyed-state reads and writes. Category centroids (for the
 * start of new items) are operator state, checkpointed with the job.
 */
public class ItemLearnerFunction extends KeyedProcessFunction<String, BundledGradient, VectorUpdate> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final LearnerSettings settings;
    private transient ValueState<ItemState> state;
    private transient ListState<CentroidEntry> centroidState;
    private transient CategoryCentroids centroids;
    private transient ItemSide side;
    private transient Counter updates;
    private transient Counter dropped;
    private transient Counter newItems;
    private transient Counter stateAccesses;
    private transient LinkedHashMap<String, Cached> cache;
    private transient java.util.function.Consumer<String> keys;
    private transient String currentKey;

    /** A cached item state; dirty until written back to keyed state. */
    private static final class Cached {
        final ItemState state;
        boolean dirty;

        Cached(ItemState state) {
            this.state = state;
        }
    }

    public ItemLearnerFunction(LearnerSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        centroids = new CategoryCentroids(settings.model().width());
        centroidState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("category-centroids", CentroidEntry.class));
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
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("item", ItemState.class));
        side = new ItemSide(settings.model(), centroids);
        var g = getRuntimeContext().getMetricGroup();
        updates = g.counter("itemUpdates");
        dropped = g.counter("droppedUpdates");
        newItems = g.counter("newItems");
        stateAccesses = g.counter("stateAccesses");
        cache = new LinkedHashMap<>(16, 0.75f, true);
        g.gauge("itemStateCacheSize", () -> cache.size());
    }

    /**
     * Lets the function cache item states: {@code keys} switches the keyed-state backend to an item
     * (the operator's {@code setCurrentKey}), which writing back another item than the current one needs.
     */
    void enableCache(java.util.function.Consumer<String> keys) {
        this.keys = keys;
    }

    private boolean caching() {
        return keys != null && settings.itemStateCache() > 0;
    }

    @Override
    public void processElement(BundledGradient grad, Context ctx, Collector<VectorUpdate> out) throws Exception {
        if (!caching()) {
            ItemState s = state.value();
            stateAccesses.inc(2);
            if (s == null) {
                s = side.create(grad);
                newItems.inc();
            }
            boolean ok = side.apply(s, grad);
            state.update(s);
            if (!ok) {
                dropped.inc();
                return;
            }
            updates.inc();
            out.collect(new VectorUpdate(grad.itemId, s.version, s.vec, s.ctx, grad.ts));
            return;
        }
        currentKey = grad.itemId;
        Cached c = cache.get(grad.itemId);
        if (c == null) {
            ItemState stored = state.value();
            stateAccesses.inc();
            // a copy: on the heap backend the stored object may be in an asynchronous snapshot
            c = new Cached(stored == null ? null : stored.copy());
            if (c.state == null) {
                c = new Cached(side.create(grad));
                newItems.inc();
            }
            cache.put(grad.itemId, c);
            evict();
        }
        ItemState s = c.state;
        c.dirty = true;
        if (!side.apply(s, grad)) {
            dropped.inc();
            return;
        }
        updates.inc();
        // no copies: the Redis sink copies what it buffers (object reuse), and the next read of this state is a new object
        // or, on the heap backend, this one changed only after the sink took its copy
        out.collect(new VectorUpdate(grad.itemId, s.version, s.vec, s.ctx, grad.ts));
    }

    /** Writes the least recently used states back while the cache is over its bound. */
    private void evict() throws java.io.IOException {
        if (cache.size() <= settings.itemStateCache()) {
            return;
        }
        var it = cache.entrySet().iterator();
        while (cache.size() > settings.itemStateCache() && it.hasNext()) {
            Map.Entry<String, Cached> e = it.next();
            if (e.getKey().equals(currentKey)) {
                continue;
            }
            if (e.getValue().dirty) {
                keys.accept(e.getKey());
                state.update(e.getValue().state.copy());
                stateAccesses.inc();
            }
            it.remove();
        }
        keys.accept(currentKey);
    }

    /** Writes every changed cached state back to keyed state (before a checkpoint barrier). */
    void writeBack() throws java.io.IOException {
        if (cache == null) {
            return;
        }
        for (Map.Entry<String, Cached> e : cache.entrySet()) {
            if (e.getValue().dirty) {
                keys.accept(e.getKey());
                state.update(e.getValue().state.copy());
                stateAccesses.inc();
                e.getValue().dirty = false;
            }
        }
    }
}
