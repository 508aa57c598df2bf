package io.streamrec.core.redis;

import io.streamrec.core.config.StreamrecConfig;
import java.io.Serializable;

/** Connection settings for Redis; serializable so Flink operators can carry them. */
public record RedisSettings(String url, int timeoutMillis, int poolMaxTotal, int poolMaxWaitMillis, String clientName)
        implements Serializable {

    public static RedisSettings from(StreamrecConfig c, String clientName) {
        return new RedisSettings(c.getString(StreamrecConfig.REDIS_URL), c.getInt(StreamrecConfig.REDIS_TIMEOUT_MS),
                c.getInt(StreamrecConfig.REDIS_POOL_MAX_TOTAL), c.getInt(StreamrecConfig.REDIS_POOL_MAX_WAIT_MS),
                clientName);
    }

    /** The URL without its password, for logs and error messages. */
    public String redactedUrl() {
        return url.replaceAll("^(rediss?(?:-cluster|-sentinel)?://[^:@/]*:)[^@]*@", "$1***@");
    }
}
