package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisSettings;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink that writes to Redis in pipelined batches: a batch is flushed when it reaches
 * {@code batchSize} writes, when the oldest buffered write is {@code flushIntervalMs} old (a
 * processing-time timer, so fresh results never wait for a checkpoint), and on every checkpoint.
 * At-least-once; the writes themselves are idempotent and version-guarded (see {@link RedisMutation}).
 */
public final class RedisSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final RedisSettings redis;
    private final RedisMutation<T> mutation;
    private final int batchSize;
    private final long flushIntervalMs;

    public RedisSink(RedisSettings redis, RedisMutation<T> mutation, int batchSize, long flushIntervalMs) {
        if (batchSize < 1 || flushIntervalMs < 1) {
            throw new IllegalArgumentException("batchSize and flushIntervalMs must be ≥ 1");
        }
        this.redis = redis;
        this.mutation = mutation;
        this.batchSize = batchSize;
        this.flushIntervalMs = flushIntervalMs;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        // the writer buffers elements across calls; with object reuse the caller may recycle them, so copy,
        // unless the mutation's producers never change what they emitted
        java.util.function.UnaryOperator<T> copy = context.isObjectReuseEnabled() && !mutation.emittedUnchanged()
                ? context.<T>createInputSerializer()::copy : java.util.function.UnaryOperator.identity();
        return new RedisSinkWriter<>(redis, mutation, batchSize, flushIntervalMs, context.getProcessingTimeService(),
                context.metricGroup(), copy);
    }
}
