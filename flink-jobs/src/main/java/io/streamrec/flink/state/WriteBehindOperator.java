package io.streamrec.flink.state;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs a {@link WriteBehind} keyed function with its state caches on: it lends the function the
 * operator's key switch and writes the caches back before every checkpoint barrier, so the snapshot
 * taken right after holds every change (exactly once, as without the caches).
 */
public class WriteBehindOperator<IN, OUT> extends KeyedProcessOperator<String, IN, OUT> {
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
        ((WriteBehind) userFunction).writeBehindState().writeBack();
    }
}
