package io.streamrec.api;

import io.streamrec.core.config.StreamrecConfig;

/** The API's settings, read once from {@link StreamrecConfig}. */
public record ApiSettings(String host, int port, long maxBodyBytes, int maxBatch, int defaultK, int maxK) {

    public static ApiSettings from(StreamrecConfig c) {
        return new ApiSettings(c.getString(StreamrecConfig.API_HOST), c.getInt(StreamrecConfig.API_PORT),
                c.getLong(StreamrecConfig.API_MAX_BODY_BYTES), c.getInt(StreamrecConfig.API_MAX_BATCH),
                c.getInt(StreamrecConfig.API_DEFAULT_K), c.getInt(StreamrecConfig.API_MAX_K));
    }
}
