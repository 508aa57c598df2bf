package io.streamrec.flink.learn;

import io.streamrec.core.event.Event;
import io.streamrec.flink.state.WriteBehindOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The user learner's operator: {@link UserLearnerFunction} in a {@link WriteBehindOperator} (the users'
 * values behind a heap cache, written back before every barrier). It also closes the function's bundle of
 * co-occurrence counts on a processing-time tick of {@code model.mf.bundle-ms} (so counts wait at most that
 * long when events come slowly) and before every checkpoint barrier (the checkpoint needs no such bundle:
 * every count made before the barrier left before it), and both bundles, the gradients' too, when a bounded
 * input ends (a function alone has no hook for that; processing-time timers do not fire after the end of
 * input), so no update is left behind.
 */
public class UserLearnerOperator extends WriteBehindOperator<Event, VectorUpdate> implements BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public UserLearnerOperator(UserLearnerFunction function) {
        super(function);
    }

    private UserLearnerFunction function() {
        return (UserLearnerFunction) userFunction;
    }

    @Override
    public void open() throws Exception {
        super.open();
        long bundleMs = function().bundleMs();
        if (bundleMs > 0) {
            every(bundleMs, fired -> flushPairs());
        }
    }

    private void flushPairs() {
        function().flushPairs(u -> output.collect(UserLearnerFunction.PAIR_COUNTS, new StreamRecord<>(u)));
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flushPairs();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        flushPairs();
        function().flush(g -> output.collect(UserLearnerFunction.ITEM_GRADIENTS, new StreamRecord<>(g)));
        super.endInput();
    }
}
