package io.streamrec.flink.state;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs a {@link WriteBehind} keyed function with its state caches on: it lends the function the
 * operator's key switch and writes the caches back before every checkpoint barrier, so the snapshot
 * taken right after holds every change (exactly once, as without the caches). When the function
 * {@link PublishesChanges} once per interval, it first publishes the changes still waiting, before the
 * barrier and at the end of a bounded input.
 */
public class WriteBehindOperator<IN, OUT> extends KeyedProcessOperator<String, IN, OUT> implements BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public <F extends KeyedProcessFunction<String, IN, OUT> & WriteBehind> WriteBehindOperator(F function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        super.open();
        ((WriteBehind) userFunction).writeBehindState().enable(this::setCurrentKey);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        publishChanged();
        ((WriteBehind) userFunction).writeBehindState().writeBack();
    }

    @Override
    public void endInput() throws Exception {
        publishChanged();
    }

    @SuppressWarnings("unchecked")
    private void publishChanged() throws Exception {
        if (userFunction instanceof PublishesChanges<?> p) {
            ((PublishesChanges<OUT>) p).publishChanged(v -> output.collect(new StreamRecord<>(v)));
        }
    }
}
