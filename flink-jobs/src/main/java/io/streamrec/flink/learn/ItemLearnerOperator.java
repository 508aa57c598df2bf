package io.streamrec.flink.learn;

import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * The item learner's operator: {@link ItemLearnerFunction} with its heap cache of item states, written
 * back to keyed state before every checkpoint barrier, so the checkpoint holds every message applied
 * before it (exactly once, as without the cache).
 */
public class ItemLearnerOperator extends KeyedProcessOperator<String, BundledGradient, VectorUpdate> {
    private static final long serialVersionUID = 1L;

    public ItemLearnerOperator(ItemLearnerFunction function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        super.open();
        ((ItemLearnerFunction) userFunction).enableCache(this::setCurrentKey);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        ((ItemLearnerFunction) userFunction).writeBack();
    }
}
