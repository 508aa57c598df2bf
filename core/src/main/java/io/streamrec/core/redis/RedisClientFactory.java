package io.streamrec.core.redis;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * Builds the one {@link RedisClient} a process uses: a pool with a bounded wait for a connection, so
 * a saturated or dead Redis makes callers fail fast instead of piling up threads.
 */
public final class RedisClientFactory {
    private RedisClientFactory() {}

    public static RedisClient create(RedisSettings s) {
        URI uri = URI.create(s.url());
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("redis.url must start with redis:// or rediss://, got " + s.url());
        }
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(s.timeoutMillis())
                .socketTimeoutMillis(s.timeoutMillis())
                .ssl("rediss".equals(uri.getScheme()))
                .clientName(s.clientName());
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                String user = userInfo.substring(0, colon);
                if (!user.isEmpty()) {
                    cfg.user(user);
                }
                cfg.password(userInfo.substring(colon + 1));
            } else {
                cfg.password(userInfo);
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            cfg.database(Integer.parseInt(path.substring(1)));
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(s.poolMaxTotal());
        pool.setMaxIdle(s.poolMaxTotal());
        pool.setMinIdle(Math.min(2, s.poolMaxTotal()));
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(Duration.ofMillis(s.poolMaxWaitMillis()));
        pool.setTestWhileIdle(true);
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), port))
                .clientConfig(cfg.build())
                .poolConfig(pool)
                .build();
    }
}
