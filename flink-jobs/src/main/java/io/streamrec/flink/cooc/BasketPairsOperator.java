package io.streamrec.flink.cooc;

import io.streamrec.core.event.Event;
import io.streamrec.flink.state.WriteBehindOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The basket-pairs operator: {@link BasketPairsFunction} in a {@link WriteBehindOperator} (the open baskets
 * behind a heap cache) that closes the function's bundle of counts on a processing-time tick of
 * {@code bundleMs} (so counts wait at most that long when events come slowly), before every checkpoint
 * barrier (the checkpoint needs no bundle: every count made before the barrier left before it) and at
 * the end of input.
 */
public class BasketPairsOperator extends WriteBehindOperator<Event, CooccurrenceUpdate> implements BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private final long bundleMs;

    /** @param bundleMs how long a bundle stays open at most, milliseconds (0: until it is full or a barrier comes) */
    public BasketPairsOperator(BasketPairsFunction function, long bundleMs) {
        super(function);
        this.bundleMs = bundleMs;
    }

    private BasketPairsFunction function() {
        return (BasketPairsFunction) userFunction;
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (bundleMs > 0) {
            every(bundleMs, fired -> flush());
        }
    }

    private void flush() {
        function().flush(u -> output.collect(new StreamRecord<>(u)));
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        flush();
        super.endInput();
    }
}
