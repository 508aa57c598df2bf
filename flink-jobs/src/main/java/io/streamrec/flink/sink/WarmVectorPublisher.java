package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.flink.learn.VectorUpdate;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes warm-start vectors to Redis exactly as the job's vector sinks do ({@link VectorMutations}:
 * the same keys, float32 encoding, version-guarded scripts and change feed), so serving and the user
 * learners' item caches see them before the job has learned anything.
 */
public final class WarmVectorPublisher implements AutoCloseable {
    static final int BATCH = 512;
    private final UnifiedJedis redis;
    private final ScriptShas scripts = new ScriptShas();
    private final VectorMutations.ItemVectors items;
    private final VectorMutations.UserVectors users;

    public WarmVectorPublisher(RedisSettings settings, long userTtlSeconds, long changeFeedMaxLen) {
        this.redis = RedisClientFactory.create(settings);
        this.scripts.load(redis);
        this.items = new VectorMutations.ItemVectors(changeFeedMaxLen);
        this.users = new VectorMutations.UserVectors(userTtlSeconds);
    }

    public void items(List<VectorUpdate> updates) {
        write(updates, items);
    }

    public void users(List<VectorUpdate> updates) {
        write(updates, users);
    }

    private void write(List<VectorUpdate> updates, RedisMutation<VectorUpdate> mutation) {
        for (int from = 0; from < updates.size(); from += BATCH) {
            List<VectorUpdate> chunk = new ArrayList<>(updates.subList(from, Math.min(updates.size(), from + BATCH)));
            try (PipelineBatch p = new PipelineBatch(redis.pipelined())) {
                mutation.writeAll(p, chunk, scripts);
                p.sync();
                JedisDataException error = p.firstError();
                if (error != null) {
                    throw new IllegalStateException("Redis refused a warm-start vector: " + error.getMessage(), error);
                }
            }
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
