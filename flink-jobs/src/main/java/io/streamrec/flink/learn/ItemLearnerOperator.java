package io.streamrec.flink.learn;

import io.streamrec.flink.state.WriteBehindOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The item learner's operator: {@link ItemLearnerFunction} in a {@link WriteBehindOperator} that also
 * publishes the items whose small moves are waiting ({@link ItemLearnerFunction#publishWaiting}) before
 * every checkpoint barrier (before the cache is written back, so the checkpoint holds them as
 * published) and when a bounded input ends.
 */
public class ItemLearnerOperator extends WriteBehindOperator<BundledGradient, VectorUpdate> implements BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public ItemLearnerOperator(ItemLearnerFunction function) {
        super(function);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        publishWaiting();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        publishWaiting();
    }

    private void publishWaiting() throws Exception {
        ((ItemLearnerFunction) userFunction).publishWaiting(u -> output.collect(new StreamRecord<>(u)),
                getProcessingTimeService().getCurrentProcessingTime());
    }
}
