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
