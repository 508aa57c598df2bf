package io.streamrec.flink.learn;

import io.streamrec.flink.state.WriteBehindOperator;
import java.util.ArrayList;
import java.util.List;
import io.streamrec.flink.state.PackedListState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The item learner's operator: {@link ItemLearnerFunction} in a {@link WriteBehindOperator}. Items whose
 * small moves wait for publication go out each on its own clock ({@code publishDelayMs} after its first
 * small move): as messages arrive, and on this operator's processing-time tick while none do. The items
 * still waiting are operator state (union list state {@value #PENDING_PUBLICATIONS}, packed; after a restore each
 * instance takes those of its own key groups), so a checkpoint barrier sends nothing to Redis. With
 * {@code publishDelayMs} 0 they wait for the barrier instead and are all published before it; all are
 * published when a bounded input ends.
 */
public class ItemLearnerOperator extends WriteBehindOperator<BundledGradient, VectorUpdate> implements BoundedOneInput {
    private static final long serialVersionUID = 1L;
    /** The operator state of the items waiting for publication: item, drift, since. */
    public static final String PENDING_PUBLICATIONS = "pending-publications.packed";
    /** The tick's share of the delay: a waiting item goes out at most this share of it late on an idle stream. */
    static final int TICKS_PER_DELAY = 20;

    private transient PackedListState<Tuple3<String, Float, Long>> pendingState;
    private transient List<PendingPublications.Entry> restored;

    public ItemLearnerOperator(ItemLearnerFunction function) {
        super(function);
    }

    private ItemLearnerFunction function() {
        return (ItemLearnerFunction) userFunction;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        pendingState = PackedListState.union(context.getOperatorStateStore(), PENDING_PUBLICATIONS,
                Types.TUPLE(Types.STRING, Types.FLOAT, Types.LONG), "pending-publications", context.isRestored());
        if (context.isRestored()) {
            restored = new ArrayList<>();
            for (Tuple3<String, Float, Long> t : pendingState.get()) {
                if (owns(getRuntimeContext().getTaskInfo(), t.f0)) {
                    restored.add(new PendingPublications.Entry(t.f0, t.f1, t.f2));
                }
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (restored != null) {
            function().waiting().restore(restored);
            restored = null;
        }
        long delay = function().publishDelayMs();
        if (delay > 0) {
            every(Math.max(1, delay / TICKS_PER_DELAY), fired -> function().publishDue(
                    u -> output.collect(new StreamRecord<>(u)), getProcessingTimeService().getCurrentProcessingTime()));
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        if (function().publishDelayMs() == 0) {
            publishWaiting();
        }
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<Tuple3<String, Float, Long>> waiting = new ArrayList<>();
        for (PendingPublications.Entry e : function().waiting().snapshot()) {
            waiting.add(Tuple3.of(e.itemId(), e.drift(), e.since()));
        }
        pendingState.update(waiting);
    }

    @Override
    public void endInput() throws Exception {
        publishWaiting();
    }

    private void publishWaiting() throws Exception {
        function().publishWaiting(u -> output.collect(new StreamRecord<>(u)), getProcessingTimeService().getCurrentProcessingTime());
    }
}
