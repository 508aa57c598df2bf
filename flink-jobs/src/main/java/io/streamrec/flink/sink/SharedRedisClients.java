package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * One {@link UnifiedJedis} (one bounded pool) per task-manager process and Redis configuration,
 * shared by all sink writers that run in it, however many slots the process has.
 */
public final class SharedRedisClients {
    private static final Map<RedisSettings, Shared> CLIENTS = new HashMap<>();

    private SharedRedisClients() {}

    private static final class Shared {
        final UnifiedJedis client;
        int users;

        Shared(UnifiedJedis client) {
            this.client = client;
        }
    }

    public static synchronized UnifiedJedis acquire(RedisSettings settings) {
        Shared s = CLIENTS.computeIfAbsent(settings, k -> new Shared(RedisClientFactory.create(k)));
        s.users++;
        return s.client;
    }

    public static synchronized void release(RedisSettings settings) {
        Shared s = CLIENTS.get(settings);
        if (s != null && --s.users == 0) {
            CLIENTS.remove(settings);
            s.client.close();
        }
    }
}
