package io.streamrec.flink.cooc;

import io.streamrec.flink.state.WriteBehindOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The co-occurrence operator: {@link CooccurrenceFunction} in a {@link WriteBehindOperator} that also
 * publishes the lists of the items changed since the last publication before every checkpoint barrier
 * (before the cache is written back, so what Redis holds after a checkpoint is what the checkpoint
 * holds) and when a bounded input ends (processing-time timers do not fire after it).
 */
public class CooccurrenceOperator extends WriteBehindOperator<CooccurrenceUpdate, ItemNeighbours> implements BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public CooccurrenceOperator(CooccurrenceFunction function) {
        super(function);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        publishChanged();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        publishChanged();
    }

    private void publishChanged() throws Exception {
        ((CooccurrenceFunction) userFunction).publishChanged(n -> output.collect(new StreamRecord<>(n)));
    }
}
