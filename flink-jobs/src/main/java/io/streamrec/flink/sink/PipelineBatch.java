package io.streamrec.flink.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The commands a {@link RedisMutation} may queue, on a pipeline of one server or of a Redis Cluster
 * (where commands go to the node of their key's slot). It keeps every reply, because a cluster
 * pipeline has no {@code syncAndReturnAll}: {@link #firstError()} after {@link #sync()} tells whether
 * Redis refused any command, so that no failed write goes unnoticed.
 */
public final class PipelineBatch implements AutoCloseable {
    private final AbstractPipeline pipeline;
    private final List<Response<?>> replies = new ArrayList<>();

    PipelineBatch(AbstractPipeline pipeline) {
        this.pipeline = pipeline;
    }

    public void del(String... keys) {
        replies.add(pipeline.del(keys));
    }

    public void hdel(String key, String... fields) {
        replies.add(pipeline.hdel(key, fields));
    }

    public void hset(String key, String field, String value) {
        replies.add(pipeline.hset(key, field, value));
    }

    public void hset(byte[] key, byte[] field, byte[] value) {
        replies.add(pipeline.hset(key, field, value));
    }

    public void hset(byte[] key, Map<byte[], byte[]> fields) {
        replies.add(pipeline.hset(key, fields));
    }

    public void hset(String key, Map<String, String> fields) {
        replies.add(pipeline.hset(key, fields));
    }

    public void zadd(String key, Map<String, Double> scores, ZAddParams params) {
        replies.add(pipeline.zadd(key, scores, params));
    }

    public void evalsha(byte[] sha, List<byte[]> keys, List<byte[]> args) {
        replies.add(pipeline.evalsha(sha, keys, args));
    }

    /**
     * Which keys one command (one script call) may take together: on a Redis Cluster those of one slot
     * (the slot of {@code key}), on one server any (0 for every key).
     */
    public int slotOf(String key) {
        return pipeline instanceof ClusterPipeline ? JedisClusterCRC16.getSlot(key) : 0;
    }

    /** Sends everything queued and waits for the replies. */
    public void sync() {
        pipeline.sync();
    }

    /**
     * The first command Redis refused, or null.
     *
     * @throws JedisConnectionException when a reply never came (on a cluster, a node that failed during
     *     the pipeline leaves its commands without replies), so that the writer retries the batch
     */
    public JedisDataException firstError() {
        for (Response<?> r : replies) {
            try {
                r.get();
            } catch (JedisDataException e) {
                return e;
            } catch (IllegalStateException e) {
                throw new JedisConnectionException("a pipelined command got no reply: " + e.getMessage(), e);
            }
        }
        return null;
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
