package io.streamrec.flink.sink;

import java.io.Serializable;

/**
 * How one stream element becomes Redis commands. Writes must be whole replacements guarded by a
 * version, so the sink may coalesce elements with the same {@link #coalesceKey} (only the last is
 * written) and may replay them after a restore without harm. A mutation may instead send the changes
 * since what it last wrote, guarded by that base version, if it keeps what it wrote ({@link #forWriter})
 * and writes an element whole whenever Redis does not hold the base ({@link #afterSync}).
 */
public interface RedisMutation<T> extends Serializable {
    /** Elements with equal keys replace each other inside one batch. */
    String coalesceKey(T element);

    /**
     * What the writer buffers for {@code original} given the serializer's {@code copy} of it (with object
     * reuse the caller may recycle the original; the copy has no transient fields): {@code copy} by default.
     */
    default T copied(T original, T copy) {
        return copy;
    }

    /**
     * The element buffered for a key when {@code newer} arrives while {@code older} waits for the same
     * flush: {@code newer} by default.
     */
    default T coalesce(T older, T newer) {
        return newer;
    }

    /** Queues the commands for {@code element} on the pipeline. */
    void write(PipelineBatch pipeline, T element, ScriptShas scripts);

    /**
     * Queues the commands for a whole flush. By default one {@link #write} per element; mutations
     * whose script takes many elements at once override it to send fewer, larger script calls.
     */
    default void writeAll(PipelineBatch pipeline, java.util.List<T> elements, ScriptShas scripts) {
        for (T e : elements) {
            write(pipeline, e, scripts);
        }
    }

    /**
     * The instance one sink writer uses: this one, or, for a mutation that remembers what it wrote, a
     * fresh one of its own (the memory is the writer's, never checkpointed: after a restore it starts empty
     * and writes whole again).
     */
    default RedisMutation<T> forWriter() {
        return this;
    }

    /**
     * Called once the batch queued by the last {@link #writeAll} was sent and every command succeeded;
     * returns the elements to write again (Redis did not hold the version their changes were based on:
     * the mutation has forgotten what it wrote for them, so the next write is whole).
     */
    default java.util.List<T> afterSync() {
        return java.util.List.of();
    }
}
