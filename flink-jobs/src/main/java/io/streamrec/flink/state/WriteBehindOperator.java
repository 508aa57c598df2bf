package io.streamrec.flink.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.TestableKeyedStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs a {@link WriteBehind} keyed function with its state caches on: it lends the function the
 * operator's key switch and writes the caches back before every checkpoint barrier, so the snapshot
 * taken right after holds every change (exactly once, as without the caches). On the heap state backend,
 * which serves every record from the heap itself, the caches stay off. When the function
 * {@link PublishesChanges} on a clock per key, the keys still waiting are checkpointed with it (union
 * list state {@value #CHANGED_KEYS}, packed ({@link PackedListState}); after a restore, rescaled or not, each instance takes those of its
 * own key groups) and published at the end of a bounded input.
 */
public class WriteBehindOperator<IN, OUT> extends KeyedProcessOperator<String, IN, OUT> implements BoundedOneInput {
    private static final long serialVersionUID = 1L;
    /** The operator state of the keys waiting for publication, with the time of their first change. */
    public static final String CHANGED_KEYS = "changed-keys.packed";
    /** Its name while it held an element per key (checkpoints before {@link PackedListState}). */
    static final String LEGACY_CHANGED_KEYS = "changed-keys";

    private transient PackedListState<Tuple2<String, Long>> changedState;
    private transient List<Map.Entry<String, Long>> restoredChanged;

    public <F extends KeyedProcessFunction<String, IN, OUT> & WriteBehind> WriteBehindOperator(F function) {
        super(function);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        if (userFunction instanceof PublishesChanges<?>) {
            changedState = PackedListState.union(context.getOperatorStateStore(), CHANGED_KEYS,
                    Types.TUPLE(Types.STRING, Types.LONG), LEGACY_CHANGED_KEYS, context.isRestored());
            if (context.isRestored()) {
                restoredChanged = new ArrayList<>();
                for (Tuple2<String, Long> t : changedState.get()) {
                    if (owns(getRuntimeContext().getTaskInfo(), t.f0)) {
                        restoredChanged.add(Map.entry(t.f0, t.f1));
                    }
                }
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        WriteBehindState<?> state = ((WriteBehind) userFunction).writeBehindState();
        KeyedStateBackend<?> backend = getKeyedStateBackend();
        if (backend instanceof TestableKeyedStateBackend<?> wrapper) {
            backend = wrapper.getDelegatedKeyedStateBackend(true); // under the changelog, the backend it writes through
        }
        if (backend instanceof HeapKeyedStateBackend<?>) {
            // the heap backend serves each record from its own copy-on-write map: a cache in front of it
            // would only copy every value on its way in and out (fewer events per second, docs/operations.md)
            state.enableWithoutCache(this::setCurrentKey);
        } else {
            // RocksDB serialises each value as it is written and deserialises a new object per read: the
            // cache needs copies only on a backend that might keep the objects themselves
            state.enable(this::setCurrentKey, !(backend instanceof org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend));
        }
        if (restoredChanged != null) {
            ((PublishesChanges<?>) userFunction).changedKeys().restore(restoredChanged);
            restoredChanged = null;
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        ((WriteBehind) userFunction).writeBehindState().writeBack();
    }

    /**
     * Runs {@code tick} on the task thread every {@code periodMs} of processing time from now on (a timer
     * set again each time it fires), with the time it fired at: an operator's own clock, not a key's.
     */
    protected final void every(long periodMs,
                               org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback tick) {
        var time = getProcessingTimeService();
        time.registerTimer(time.getCurrentProcessingTime() + periodMs, fired -> {
            tick.onProcessingTime(fired);
            every(periodMs, tick);
        });
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (changedState != null) {
            List<Tuple2<String, Long>> waiting = new ArrayList<>();
            for (Map.Entry<String, Long> e : ((PublishesChanges<?>) userFunction).changedKeys().snapshot()) {
                waiting.add(Tuple2.of(e.getKey(), e.getValue()));
            }
            changedState.update(waiting);
        }
    }

    @Override
    public void endInput() throws Exception {
        if (userFunction instanceof PublishesChanges<?>) {
            publishChanged();
        }
    }

    @SuppressWarnings("unchecked")
    private void publishChanged() throws Exception {
        ((PublishesChanges<OUT>) userFunction).publishChanged(v -> output.collect(new StreamRecord<>(v)));
    }

    /** Whether {@code key} belongs to this instance's key groups (a key kept in union list state). */
    public static boolean owns(TaskInfo task, String key) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(key, task.getMaxNumberOfParallelSubtasks(),
                task.getNumberOfParallelSubtasks()) == task.getIndexOfThisSubtask();
    }
}
