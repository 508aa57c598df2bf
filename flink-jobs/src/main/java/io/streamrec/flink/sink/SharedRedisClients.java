package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.util.ProcessShared;
import redis.clients.jedis.UnifiedJedis;

/**
 * One {@link UnifiedJedis} (one bounded pool) per task-manager process and Redis configuration,
 * shared by all sink writers that run in it, however many slots the process has.
 */
public final class SharedRedisClients {
    private static final ProcessShared<RedisSettings, UnifiedJedis> CLIENTS =
            new ProcessShared<>(RedisClientFactory::create, UnifiedJedis::close);

    private SharedRedisClients() {}

    public static UnifiedJedis acquire(RedisSettings settings) {
        return CLIENTS.acquire(settings);
    }

    public static void release(RedisSettings settings) {
        CLIENTS.release(settings);
    }
}
