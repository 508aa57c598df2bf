package io.streamrec.api.health;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/** Redis answers PING. */
public final class RedisCheck implements DependencyCheck {
    private final UnifiedJedis redis;

    public RedisCheck(UnifiedJedis redis) {
        this.redis = redis;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String check() {
        try {
            String pong = redis.ping();
            return "PONG".equals(pong) ? null : "unexpected answer to PING: " + pong;
        } catch (JedisException e) {
            return e.getMessage();
        }
    }
}
