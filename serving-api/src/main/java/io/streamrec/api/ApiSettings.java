package io.streamrec.api;

import io.streamrec.api.auth.ApiKeys;
import io.streamrec.api.recommend.RecommendationService;
import io.streamrec.core.rank.RankConfig;
import io.streamrec.core.config.StreamrecConfig;
import java.util.ArrayList;
import java.util.List;

/** The API's settings, read once from {@link StreamrecConfig} and checked. */
public record ApiSettings(String host, int port, long maxBodyBytes, int maxBatch, int defaultK, int maxK,
                          double trendingShortHalfLifeMillis, double trendingLongHalfLifeMillis, long changeFeedMaxLen,
                          List<String> adminKeys, List<String> writeKeys, List<String> readKeys, RankConfig rank,
                          RecommendationService.Settings recommend) {

    public static ApiSettings from(StreamrecConfig c) {
        List<String> admin = ApiKeys.split(c.getString(StreamrecConfig.API_ADMIN_KEYS));
        List<String> write = ApiKeys.split(c.getString(StreamrecConfig.API_WRITE_KEYS));
        List<String> read = ApiKeys.split(c.getString(StreamrecConfig.API_READ_KEYS));
        List<String> problems = new ArrayList<>();
        if (admin.isEmpty()) {
            problems.add(StreamrecConfig.API_ADMIN_KEYS.name() + ": at least one admin key is required (env "
                    + "STREAMREC_API_ADMIN_KEYS); the catalogue and user deletion must not be open");
        }
        problems.add(ApiKeys.problem(StreamrecConfig.API_ADMIN_KEYS.name(), admin));
        problems.add(ApiKeys.problem(StreamrecConfig.API_WRITE_KEYS.name(), write));
        problems.add(ApiKeys.problem(StreamrecConfig.API_READ_KEYS.name(), read));
        problems.removeIf(java.util.Objects::isNull);
        if (!problems.isEmpty()) {
            throw new StreamrecConfig.ConfigException(problems);
        }
        return new ApiSettings(c.getString(StreamrecConfig.API_HOST), c.getInt(StreamrecConfig.API_PORT),
                c.getLong(StreamrecConfig.API_MAX_BODY_BYTES), c.getInt(StreamrecConfig.API_MAX_BATCH),
                c.getInt(StreamrecConfig.API_DEFAULT_K), c.getInt(StreamrecConfig.API_MAX_K),
                c.getDouble(StreamrecConfig.TRENDING_SHORT_HALF_LIFE_MINUTES) * 60_000,
                c.getDouble(StreamrecConfig.TRENDING_LONG_HALF_LIFE_MINUTES) * 60_000,
                c.getLong(StreamrecConfig.REDIS_CHANGE_FEED_MAX_LEN), admin, write, read, RankConfig.from(c),
                new RecommendationService.Settings(c.getInt(StreamrecConfig.RANK_CANDIDATES),
                        c.getDouble(StreamrecConfig.INTEREST_SHORT_HALF_LIFE_MINUTES) * 60_000,
                        c.getDouble(StreamrecConfig.INTEREST_LONG_HALF_LIFE_DAYS) * 86_400_000,
                        c.getDouble(StreamrecConfig.EXPLORE_FEEDBACK_HALF_LIFE_DAYS) * 86_400_000,
                        c.getInt(StreamrecConfig.API_TRENDING_REFRESH_MS)));
    }
}
