package io.streamrec.flink.sink;

import java.io.Serializable;

/**
 * How one stream element becomes Redis commands. Writes must be whole replacements guarded by a
 * version, so the sink may coalesce elements with the same {@link #coalesceKey} (only the last is
 * written) and may replay them after a restore without harm.
 */
public interface RedisMutation<T> extends Serializable {
    /** Elements with equal keys replace each other inside one batch. */
    String coalesceKey(T element);

    /**
     * Whether an element never changes once emitted: each operator that emits these builds a new element
     * whose arrays it never writes again. Then the sink buffers elements as they are; otherwise, with
     * {@code pipeline.object-reuse} on, it buffers a copy of each (an upstream operator may change what it
     * emitted). False unless the producers' tests show it.
     */
    default boolean emittedUnchanged() {
        return false;
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
}
