package io.streamrec.api.recommend;

import io.streamrec.core.rank.BlendLearner;
import io.streamrec.core.rank.BlendWeights;
import io.streamrec.core.redis.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The blend weights the job learned ({@code sr:{blend}:weights}), read in the background every
 * {@code rank.blend-refresh-ms}: one HMGET, and the weights decoded only when their version changed. Requests
 * read the set in memory ({@link #current}) and never wait on Redis; until the job has published any, or
 * while Redis cannot be read, the last set read stays (at first the hand-set blend, every weight 1).
 */
public final class BlendWeightsReader implements BlendWeights, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlendWeightsReader.class);
    private static final byte[] KEY = RedisKeys.BLEND_WEIGHTS.getBytes(StandardCharsets.UTF_8);
    private static final byte[][] FIELDS = {bytes("version"), bytes("weights"), bytes("steps"), bytes("lineage")};

    private final UnifiedJedis redis;
    private final long refreshMillis;
    private volatile Snapshot current = Snapshot.HAND_SET;
    private volatile String lineage = "";
    private volatile long[] steps = new long[BlendLearner.SEGMENTS];
    private final LongAdder failures = new LongAdder();
    private ScheduledExecutorService timer;

    public BlendWeightsReader(UnifiedJedis redis, long refreshMillis) {
        this.redis = redis;
        this.refreshMillis = refreshMillis;
    }

    /** Reads once now, then every refresh interval on a daemon thread. */
    public synchronized BlendWeightsReader start() {
        if (timer == null) {
            refresh();
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "blend-weights");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::refresh, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** One read of the published weights; keeps the set it holds when there is none, or it cannot be read. */
    void refresh() {
        try {
            List<byte[]> v = redis.hmget(KEY, FIELDS);
            if (v.get(0) == null || v.get(1) == null) {
                return;
            }
            long version = Long.parseLong(new String(v.get(0), StandardCharsets.UTF_8));
            String newLineage = v.get(3) == null ? "" : new String(v.get(3), StandardCharsets.UTF_8);
            if (version == current.version() && newLineage.equals(lineage)) {
                return;
            }
            Snapshot s = Snapshot.decode(version, v.get(1));
            steps = parseSteps(v.get(2));
            lineage = newLineage;
            current = s;
        } catch (JedisException | IllegalArgumentException e) {
            failures.increment();
            LOG.debug("blend weights not read: {}", e.getMessage());
        } catch (RuntimeException e) { // never let the timer thread die
            failures.increment();
            LOG.warn("blend weights not read", e);
        }
    }

    private static long[] parseSteps(byte[] csv) {
        long[] out = new long[BlendLearner.SEGMENTS];
        if (csv != null) {
            String[] parts = new String(csv, StandardCharsets.UTF_8).split(",");
            for (int i = 0; i < Math.min(parts.length, out.length); i++) {
                out[i] = Long.parseLong(parts[i].trim());
            }
        }
        return out;
    }

    @Override
    public double[] weights(int segment) {
        return current.weights(segment);
    }

    @Override
    public long version() {
        return current.version();
    }

    @Override
    public Snapshot current() {
        return current;
    }

    /** Pairwise steps the job took per segment, as last read. */
    public long steps(int segment) {
        return steps[segment];
    }

    /** Reads of the weights that failed (Redis unavailable, or a malformed value). */
    public long failures() {
        return failures.sum();
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
