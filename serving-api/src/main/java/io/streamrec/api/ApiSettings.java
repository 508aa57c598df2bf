package io.streamrec.api;

import io.streamrec.core.config.StreamrecConfig;

/** The API's settings, read once from {@link StreamrecConfig}. */
public record ApiSettings(String host, int port, long maxBodyBytes, int maxBatch, int defaultK, int maxK,
                          double trendingShortHalfLifeMillis, double trendingLongHalfLifeMillis) {

    public static ApiSettings from(StreamrecConfig c) {
        return new ApiSettings(c.getString(StreamrecConfig.API_HOST), c.getInt(StreamrecConfig.API_PORT),
                c.getLong(StreamrecConfig.API_MAX_BODY_BYTES), c.getInt(StreamrecConfig.API_MAX_BATCH),
                c.getInt(StreamrecConfig.API_DEFAULT_K), c.getInt(StreamrecConfig.API_MAX_K),
                c.getDouble(StreamrecConfig.TRENDING_SHORT_HALF_LIFE_MINUTES) * 60_000,
                c.getDouble(StreamrecConfig.TRENDING_LONG_HALF_LIFE_MINUTES) * 60_000);
    }
}
