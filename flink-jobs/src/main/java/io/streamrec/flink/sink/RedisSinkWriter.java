package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Buffers writes (coalesced per key) and flushes them through one Redis pipeline, sent by a thread of its
 * own: the task thread hands a batch over and goes on with its records instead of waiting for Redis's
 * replies. At most one batch is in flight: the next flush waits for it (so batches reach Redis in order,
 * and the task slows down only when Redis is slower than its flushes), and {@link #flush} (before every
 * checkpoint barrier and at the end of input) waits for it too, so a checkpoint completes only once
 * everything written before its barrier is in Redis. A batch that fails (after its retries) fails the task
 * at the next flush. The buffer and the hand-over run on the task's mailbox thread (writes, checkpoint
 * flushes and timer callbacks alike); the sender thread alone uses the pipeline and the scripts' digests.
 */
final class RedisSinkWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSinkWriter.class);
    static final int MAX_ATTEMPTS = 6;

    private final RedisMutation<T> mutation;
    private final int batchSize;
    private final long flushIntervalMs;
    private final ProcessingTimeService time;
    private final RedisSettings settings;
    private final UnifiedJedis client;
    private final ScriptShas scripts = new ScriptShas();
    private final Map<String, T> buffer = new LinkedHashMap<>();
    private final java.util.function.UnaryOperator<T> copy;
    private final Counter written;
    private final Counter redisWrites;
    private final Counter flushes;
    private final Counter retries;
    private boolean timerPending;
    private volatile long lastFlushMillis;
    /** Sends the batches, one at a time. */
    private final ExecutorService sender;
    /** The batch being sent, or null. */
    private Future<?> inFlight;

    RedisSinkWriter(RedisSettings settings, RedisMutation<T> mutation, int batchSize, long flushIntervalMs,
                    ProcessingTimeService time, SinkWriterMetricGroup metrics, java.util.function.UnaryOperator<T> copy) {
        this.copy = copy;
        this.mutation = mutation;
        this.batchSize = batchSize;
        this.flushIntervalMs = flushIntervalMs;
        this.time = time;
        this.settings = settings;
        this.client = SharedRedisClients.acquire(settings);
        try {
            this.scripts.load(client);
        } catch (JedisException e) {
            SharedRedisClients.release(settings);
            // fails the task: Flink restarts it with the restart strategy's backoff, and this says why
            throw new IllegalStateException("cannot reach Redis at " + settings.redactedUrl() + " (redis.url): "
                    + e.getMessage(), e);
        }
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "redis-sink-" + mutation.getClass().getSimpleName());
            t.setDaemon(true);
            return t;
        });
        this.written = metrics.getNumRecordsSendCounter();
        this.flushes = metrics.counter("redisFlushes");
        this.redisWrites = metrics.counter("redisWrites");
        this.retries = metrics.counter("redisRetries");
        metrics.gauge("redisBufferedWrites", buffer::size);
        metrics.gauge("redisLastFlushAgeMs", () -> lastFlushMillis == 0 ? -1 : System.currentTimeMillis() - lastFlushMillis);
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        buffer.put(mutation.coalesceKey(element), copy.apply(element)); // a newer element replaces the one buffered
        if (buffer.size() >= batchSize) {
            flushBuffer();
        } else if (!timerPending) {
            timerPending = true;
            time.registerTimer(time.getCurrentProcessingTime() + flushIntervalMs, ts -> {
                timerPending = false;
                flushBuffer();
            });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushBuffer();
        awaitSent();
    }

    /** Hands the buffered writes to the sender, once the batch before them is in Redis. */
    private void flushBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        List<T> batch = new ArrayList<>(buffer.values());
        buffer.clear();
        awaitSent();
        inFlight = sender.submit(() -> {
            send(batch);
            return null;
        });
    }

    /** Waits until the batch in flight, if any, is in Redis; rethrows its failure. */
    void awaitSent() throws IOException, InterruptedException {
        if (inFlight == null) {
            return;
        }
        Future<?> f = inFlight;
        inFlight = null;
        try {
            f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IOException("Redis write failed: " + cause, cause);
        }
    }

    /** Writes a batch through one pipeline, retrying while Redis is unreachable (on the sender thread). */
    private void send(List<T> batch) throws IOException, InterruptedException {
        long backoff = 50;
        for (int attempt = 1; ; attempt++) {
            try {
                JedisDataException error;
                try (PipelineBatch p = new PipelineBatch(client.pipelined())) {
                    mutation.writeAll(p, batch, scripts);
                    p.sync();
                    error = p.firstError();
                }
                if (error == null) {
                    break;
                }
                if (error.getMessage() != null && error.getMessage().startsWith("NOSCRIPT") && attempt < MAX_ATTEMPTS) {
                    // Redis restarted or flushed its script cache: load the scripts again and redo the batch
                    scripts.load(client);
                    retries.inc();
                    continue;
                }
                throw new IOException("Redis rejected a write: " + error.getMessage(), error);
            } catch (JedisException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IOException("Redis unavailable after " + attempt + " attempts: " + e.getMessage(), e);
                }
                LOG.warn("Redis write failed (attempt {}/{}), retrying in {} ms: {}", attempt, MAX_ATTEMPTS, backoff,
                        e.getMessage());
                retries.inc();
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 2_000);
                try {
                    scripts.load(client);
                } catch (JedisException stillDown) {
                    // next attempt reports it
                }
            }
        }
        written.inc(batch.size());
        redisWrites.inc(batch.size());
        flushes.inc();
        lastFlushMillis = System.currentTimeMillis();
    }

    @Override
    public void close() {
        sender.shutdownNow(); // a batch still in flight at close belongs to a task that is cancelled or failed
        SharedRedisClients.release(settings);
    }
}
