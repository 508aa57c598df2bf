package io.streamrec.flink.learn;

import io.streamrec.core.event.Event;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import io.streamrec.flink.state.WriteBehindOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The user learner's operator: {@link UserLearnerFunction} in a {@link WriteBehindOperator} (its user
 * states behind a heap cache, written back before every barrier) that also closes the open gradient bundle when a bounded input ends (a function alone has no hook for that;
 * processing-time timers do not fire after the end of input), so no item update is left behind.
 */
public class UserLearnerOperator extends WriteBehindOperator<Event, VectorUpdate> implements BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public UserLearnerOperator(UserLearnerFunction function) {
        super(function);
    }

    @Override
    public void endInput() {
        ((UserLearnerFunction) userFunction).flush(
                g -> output.collect(UserLearnerFunction.ITEM_GRADIENTS, new StreamRecord<>(g)));
    }
}
