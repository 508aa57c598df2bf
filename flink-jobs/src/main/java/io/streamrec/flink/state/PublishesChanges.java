package io.streamrec.flink.state;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A keyed function that publishes what changed once per interval ({@link ChangedKeys}), each key on its
 * own clock. The keys still waiting are operator state: its {@link WriteBehindOperator} checkpoints them
 * (a restored instance publishes those of its key groups on their clocks), so a checkpoint barrier
 * sends nothing to Redis; the operator publishes them all at the end of a bounded input, when
 * processing-time timers no longer fire.
 */
public interface PublishesChanges<OUT> {
    /** Emits the current value of every key changed since its last publication. Read only. */
    void publishChanged(Consumer<OUT> out) throws IOException;

    /** The keys changed since their last publication (what a checkpoint keeps of them). */
    ChangedKeys changedKeys();
}
