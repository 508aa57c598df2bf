package io.streamrec.api.experiment;

import io.streamrec.core.event.EventJson;
import io.streamrec.core.experiment.Experiment;
import io.streamrec.core.redis.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Experiment definitions in Redis ({@code sr:{exp}:defs}), read by every API process: a request sees
 * definitions at most {@code refreshMillis} old (one HGETALL of a small hash when they are older), and
 * while Redis is down the last ones read.
 */
public final class ExperimentStore {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentStore.class);

    private final UnifiedJedis redis;
    private final long refreshMillis;
    private final LongSupplier clock;
    private volatile Map<String, Experiment> cached = Map.of();
    private volatile long readAt;
    private volatile boolean stale = true;

    public ExperimentStore(UnifiedJedis redis, long refreshMillis, LongSupplier clock) {
        this.redis = redis;
        this.refreshMillis = refreshMillis;
        this.clock = clock;
    }

    /** Every experiment by id, at most {@code refreshMillis} old. */
    public Map<String, Experiment> all() {
        long now = clock.getAsLong();
        if (stale || now - readAt >= refreshMillis) {
            synchronized (this) {
                if (stale || now - readAt >= refreshMillis) {
                    try {
                        cached = read();
                    } catch (JedisException e) {
                        LOG.warn("experiments: Redis unavailable, keeping {} definitions: {}", cached.size(), e.getMessage());
                    }
                    readAt = now;
                    stale = false;
                }
            }
        }
        return cached;
    }

    /** The running experiments, by id. */
    public List<Experiment> running() {
        List<Experiment> out = new ArrayList<>();
        for (Experiment e : all().values()) {
            if (e.running()) {
                out.add(e);
            }
        }
        return out;
    }

    private Map<String, Experiment> read() {
        Map<String, Experiment> out = new TreeMap<>();
        redis.hgetAll(RedisKeys.EXPERIMENTS).forEach((id, json) -> {
            List<String> problems = new ArrayList<>();
            com.fasterxml.jackson.databind.JsonNode node = EventJson.readTree(json);
            Experiment e = ExperimentJson.read(id, node, null, node.path("updatedAt").asLong(), problems);
            if (e != null && problems.isEmpty()) {
                out.put(id, e);
            } else {
                LOG.warn("experiments: skipping unreadable definition of '{}': {}", id, problems);
            }
        });
        return out;
    }

    /** Stores {@code e} (read back by every process within {@code refreshMillis}); this process sees it at once. */
    public void put(Experiment e) {
        try {
            redis.hset(RedisKeys.EXPERIMENTS, e.id(), EventJson.MAPPER.writeValueAsString(ExperimentView.of(e)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        stale = true;
    }

    /** The variants' totals as the job wrote them: {@code <variant>.<metric>} → value. */
    public Map<String, String> counts(String id) {
        return redis.hgetAll(RedisKeys.experimentCounts(id));
    }

    /** The lowest always-valid p-values seen so far, {@code <variant>.<metric>} → p. */
    public Map<String, String> lowestAlwaysValidP(String id) {
        return redis.hgetAll(RedisKeys.experimentAlwaysValidP(id));
    }

    public void recordAlwaysValidP(String id, Map<String, String> lowest) {
        if (!lowest.isEmpty()) {
            redis.hset(RedisKeys.experimentAlwaysValidP(id), lowest);
        }
    }
}
