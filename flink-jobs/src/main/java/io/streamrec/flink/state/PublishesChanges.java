package io.streamrec.flink.state;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A keyed function that publishes what changed once per interval ({@link ChangedKeys}): its
 * {@link WriteBehindOperator} publishes the changes still waiting before every checkpoint barrier
 * (before the cache is written back, so what Redis holds after a checkpoint is what the checkpoint holds)
 * and at the end of a bounded input, when processing-time timers no longer fire.
 */
public interface PublishesChanges<OUT> {
    /** Emits the current value of every key changed since its last publication. Read only. */
    void publishChanged(Consumer<OUT> out) throws IOException;
}
