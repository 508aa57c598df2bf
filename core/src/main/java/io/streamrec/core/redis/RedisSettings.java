package io.streamrec.core.redis;

import io.streamrec.core.config.StreamrecConfig;
import java.io.Serializable;

/**
 * Connection settings for Redis; serializable so Flink operators can carry them.
 *
 * @param tlsCaFile PEM file of the authority that signed Redis's certificate, or empty for the JVM's
 */
public record RedisSettings(String url, int timeoutMillis, int poolMaxTotal, int poolMaxWaitMillis, String clientName,
                            String tlsCaFile) implements Serializable {

    public RedisSettings(String url, int timeoutMillis, int poolMaxTotal, int poolMaxWaitMillis, String clientName) {
        this(url, timeoutMillis, poolMaxTotal, poolMaxWaitMillis, clientName, "");
    }

    public static RedisSettings from(StreamrecConfig c, String clientName) {
        return new RedisSettings(c.getString(StreamrecConfig.REDIS_URL), c.getInt(StreamrecConfig.REDIS_TIMEOUT_MS),
                c.getInt(StreamrecConfig.REDIS_POOL_MAX_TOTAL), c.getInt(StreamrecConfig.REDIS_POOL_MAX_WAIT_MS),
                clientName, c.getString(StreamrecConfig.REDIS_TLS_CA_FILE).trim());
    }

    /** The URL without its password, for logs and error messages. */
    public String redactedUrl() {
        return RedisUrl.withoutPassword(url);
    }
}
